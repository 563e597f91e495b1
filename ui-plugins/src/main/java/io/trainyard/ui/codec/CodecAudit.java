package io.trainyard.ui.codec;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.security.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One audit row per codec call, answered or refused (401, 403, 413, 422, 429): who ({@code
 * anonymous} without a valid token), {@code codec.decode} or {@code codec.encode}, the workflow
 * whose payloads they were (target {@code workflow/ID}; {@code namespace/NS} when the call held
 * several workflows' payloads or none named), and in the detail the namespace, the number of
 * payloads, the workflows, the key ids and the HTTP status. It wraps the security filter, so it
 * sees the refusals security answers.
 */
@ServerFilter(patterns = {CodecController.PATH + "/encode", CodecController.PATH + "/decode"}, methods = HttpMethod.POST)
public class CodecAudit implements Ordered {
  /** Who a call without a valid token is, in the audit trail. */
  static final Caller ANONYMOUS = new Caller("anonymous", Set.of());

  private final AuditTrail trail;

  public CodecAudit(AuditTrail trail) {
    this.trail = trail;
  }

  @ResponseFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
    Caller caller = request.getUserPrincipal(Authentication.class).map(Caller::of).orElse(ANONYMOUS);
    String namespace = request.getHeaders().get(CodecController.NAMESPACE_HEADER, String.class).orElse("");
    CodecCall call = request.getAttribute(CodecCall.ATTRIBUTE, CodecCall.class).orElse(null);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("namespace", namespace);
    String target = "namespace/" + namespace;
    if (call != null) {
      detail.put("payloads", call.payloads());
      detail.put("workflows", call.workflows());
      detail.put("keys", call.keys());
      if (call.workflows().size() == 1) {
        target = "workflow/" + call.workflows().iterator().next();
      }
    }
    detail.put("status", response.code());
    String action = request.getPath().endsWith("/decode") ? "codec.decode" : "codec.encode";
    trail.record(request, caller, action, target, detail, response.code() < 400 ? AuditTrail.OK : AuditTrail.REFUSED);
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }
}
