package io.trainyard.api.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.serde.exceptions.InvalidFormatException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Request bodies and parameters that do not read, in the caller's terms rather than the binder's:
 * JSON that does not parse is 400 with the parser's reason and position; a body that parses but does
 * not fit (an unknown field, a value of the wrong type) is 422 naming the field; a parameter that does
 * not convert is 400 naming it. They replace Micronaut's handlers, whose details quote
 * {@code Failed to convert argument [body] ...}.
 */
final class UnreadableBodies {
  private UnreadableBodies() {}

  /** JSON that does not parse: 400 with where and why. */
  @Produces
  @Singleton
  @Replaces(JsonExceptionHandler.class)
  static class NotJson implements ExceptionHandler<JsonSyntaxException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, JsonSyntaxException e) {
      String detail = "the request body is not valid JSON";
      if (e.getCause() instanceof JsonProcessingException json) {
        JsonLocation at = json.getLocation();
        detail += ": " + json.getOriginalMessage()
            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
      }
      return ProblemResponses.of(request, ProblemType.MALFORMED_REQUEST, detail, List.of());
    }
  }

  /** A body that is JSON but not the endpoint's (422 naming the field), or a parameter that does not convert (400). */
  @Produces
  @Singleton
  @Replaces(ConversionErrorHandler.class)
  static class DoesNotFit implements ExceptionHandler<ConversionErrorException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ConversionErrorException e) {
      Argument<?> argument = e.getArgument();
      if (e.getConversionError().getCause() instanceof SerdeException serde && !serde.getPath().isEmpty()) {
        FieldProblem field = field(argument.getType(), serde);
        return ProblemResponses.of(request, ProblemType.INVALID_INPUT, field.field() + ": " + field.message(), List.of(field));
      }
      String value = e.getConversionError().getOriginalValue().map(v -> ", got '" + v + "'").orElse("");
      return ProblemResponses.of(request, ProblemType.MALFORMED_REQUEST,
          "'" + argument.getName() + "': expected " + argument.getType().getSimpleName() + value, List.of());
    }

    private static FieldProblem field(Class<?> bodyType, SerdeException e) {
      String path = "";
      Class<?> owner = bodyType;
      for (ReferencePath step : e.getPath()) {
        if (step instanceof PropertyReferencePath property) {
          owner = property.type();
          path = path.isEmpty() ? property.property().getName() : path + "." + property.property().getName();
        } else if (step instanceof CollectionItemReferencePath item) {
          path += "[" + item.index() + "]";
        } else if (step instanceof MapItemReferencePath entry) {
          path = path.isEmpty() ? entry.key() : path + "." + entry.key();
        }
      }
      ReferencePath last = e.getPath().get(e.getPath().size() - 1);
      if (e instanceof InvalidFormatException) {
        return new FieldProblem(path, "expected " + last.getArgument().getType().getSimpleName());
      }
      Set<String> fields = fields(owner);
      String name = last.getArgument().getName();
      return new FieldProblem(path, fields.contains(name)
          ? "appears more than once"
          : "unknown field (the fields here: " + String.join(", ", fields) + ")");
    }

    private static Set<String> fields(Class<?> type) {
      return BeanIntrospector.SHARED.findIntrospection(type)
          .map(BeanIntrospection::getPropertyNames)
          .map(names -> (Set<String>) new TreeSet<>(List.of(names)))
          .orElse(Set.of());
    }
  }
}
