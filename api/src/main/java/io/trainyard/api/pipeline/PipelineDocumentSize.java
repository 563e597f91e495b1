package io.trainyard.api.pipeline;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.security.Caller;
import io.trainyard.spec.DocumentTooLargeException;

/**
 * Refuses a pipeline document by its {@code Content-Length} before the body is read (413): a 9 MB
 * body then costs neither the time nor the heap of buffering it. A body without a length (chunked)
 * is measured by the catalog's parser once read, within {@code micronaut.server.max-request-size}.
 * It runs after security, so that an anonymous caller is 401 whatever it sends, and a refused
 * registration is audited like any other.
 */
@ServerFilter(patterns = {"/v1/pipelines", "/v1/pipelines:validate"}, methods = HttpMethod.POST)
public class PipelineDocumentSize implements Ordered {
  private final PipelineCatalog catalog;

  public PipelineDocumentSize(PipelineCatalog catalog) {
    this.catalog = catalog;
  }

  @RequestFilter
  public void refuseByLength(HttpRequest<?> request) {
    long length = request.getContentLength();
    if (length < 0) {
      return;
    }
    try {
      catalog.limits().check(length, "the request body");
    } catch (DocumentTooLargeException e) {
      if ("/v1/pipelines".equals(request.getPath())) {
        request.getUserPrincipal(Authentication.class)
            .ifPresent(authentication -> catalog.refusedRegistration(request, Caller.of(authentication), e));
      }
      throw e;
    }
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
