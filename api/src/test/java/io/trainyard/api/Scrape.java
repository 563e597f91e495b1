package io.trainyard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** One scrape of a stack's {@code /prometheus} (Prometheus's text exposition format), asked without a token. */
public record Scrape(String text) {

  /** The stack's scrape once {@code expectations} hold of it (the SDK reports every second). */
  public static Scrape until(ApiTestStack stack, Consumer<Scrape> expectations) {
    AtomicReference<Scrape> scraped = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Scrape scrape = new Scrape(stack.http().retrieve(HttpRequest.GET("/prometheus"), String.class));
      expectations.accept(scrape);
      scraped.set(scrape);
    });
    return scraped.get();
  }

  /** The sample lines of {@code name} that carry every one of {@code labels} ({@code key="value"}). */
  public List<String> samples(String name, String... labels) {
    return text.lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .toList();
  }

  /** The value of the one sample of {@code name}. */
  public double value(String name) {
    List<String> lines = samples(name);
    assertThat(lines).as(name).hasSize(1);
    String line = lines.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
