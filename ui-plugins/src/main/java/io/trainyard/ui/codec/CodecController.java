package io.trainyard.ui.codec;

import com.google.protobuf.ByteString;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.ProblemResponses;
import io.trainyard.api.problem.ProblemType;
import io.trainyard.api.security.Roles;
import io.trainyard.temporal.TemporalConfiguration;
import io.trainyard.temporal.payload.PayloadCipher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The codec server of the Temporal Web UI (and of {@code temporal --codec-endpoint}): Temporal's
 * protocol, {@code POST /codec/decode} for a {@code viewer} and {@code POST /codec/encode} for an
 * {@code operator}, through the very data converter the workers use ({@code PayloadDataConverter}).
 * The {@code X-Namespace} header must name Trainyard's namespace. Limits and audit:
 * {@link CodecLimits}, {@link CodecAudit}; the browsers allowed: {@link CodecCors}.
 */
@Controller(CodecController.PATH)
public class CodecController {
  public static final String PATH = "/codec";
  /** The header in which the Web UI names the namespace of the payloads. */
  public static final String NAMESPACE_HEADER = "X-Namespace";

  private final CodecDataConverter codec;
  private final String namespace;
  private final CodecSettings settings;

  public CodecController(CodecDataConverter codec, TemporalConfiguration temporal, CodecSettings settings) {
    this.codec = codec;
    this.namespace = temporal.getNamespace();
    this.settings = settings;
  }

  @Post(uri = "/decode", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @Secured(Roles.VIEWER)
  public HttpResponse<?> decode(HttpRequest<?> request, @Nullable @Header(NAMESPACE_HEADER) String namespace,
      @Body String body) {
    return answer(request, namespace, body, true);
  }

  @Post(uri = "/encode", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @Secured(Roles.OPERATOR)
  public HttpResponse<?> encode(HttpRequest<?> request, @Nullable @Header(NAMESPACE_HEADER) String namespace,
      @Body String body) {
    return answer(request, namespace, body, false);
  }

  private HttpResponse<?> answer(HttpRequest<?> request, String named, String body, boolean decode) {
    if (request.getContentLength() < 0) {
      // a chunked body, which CodecLimits could not measure by its Content-Length
      long length = body.getBytes(StandardCharsets.UTF_8).length;
      if (length > settings.maxBodyBytes()) {
        return ProblemResponses.of(request, ProblemType.PAYLOAD_TOO_LARGE, CodecLimits.tooLarge(length, settings), List.of());
      }
    }
    checkNamespace(named);
    List<Payload> in = PayloadsJson.read(body).getPayloadsList();
    Set<String> workflows = new TreeSet<>();
    Set<String> keys = new TreeSet<>();
    List<Payload> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Payload payload = in.get(i);
      Payload coded = code(payload, decode, i);
      Payload encrypted = decode ? payload : coded;
      String workflow = PayloadCipher.workflowOf(encrypted);
      if (!workflow.isEmpty()) {
        workflows.add(workflow);
      }
      String key = encrypted.getMetadataOrDefault(PayloadCipher.KEY_ID, ByteString.EMPTY).toStringUtf8();
      if (!key.isEmpty()) {
        keys.add(key);
      }
      out.add(coded);
    }
    request.setAttribute(CodecCall.ATTRIBUTE, new CodecCall(named, in.size(), workflows, keys));
    return HttpResponse.ok(PayloadsJson.write(Payloads.newBuilder().addAllPayloads(out).build()))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private Payload code(Payload payload, boolean decode, int index) {
    try {
      List<Payload> one = List.of(payload);
      return (decode ? codec.decode(one) : codec.encode(one)).get(0);
    } catch (PayloadCodecException e) {
      throw InvalidInputException.field("payloads[" + index + "]", e.getMessage());
    }
  }

  private void checkNamespace(String named) {
    if (named == null || named.isBlank()) {
      throw InvalidInputException.field(NAMESPACE_HEADER, "missing: the header names the payloads' namespace ('" + namespace + "')");
    }
    if (!named.equals(namespace)) {
      throw InvalidInputException.field(NAMESPACE_HEADER,
          "'" + named + "' is not served here: this codec server decodes namespace '" + namespace + "'");
    }
  }
}
