package io.trainyard.api.cost;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Currency;
import java.util.Locale;

/**
 * The cost ledger's one currency ({@code trainyard.cost.currency}, an ISO 4217 code, USD by
 * default): the currency of every hardware class's {@code hourly-price} and of every budget. The API
 * names it beside every amount; prices and budgets are never converted.
 */
@ConfigurationProperties(CostSettings.PREFIX)
public record CostSettings(@Bindable(defaultValue = "USD") String currency) {
  public static final String PREFIX = "trainyard.cost";

  public CostSettings {
    try {
      currency = Currency.getInstance(currency == null ? "" : currency.strip().toUpperCase(Locale.ROOT)).getCurrencyCode();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + ".currency must be an ISO 4217 currency code such as USD or EUR, found '" + currency + "'");
    }
  }
}
