package io.trainyard.ui.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.payload.context.WorkflowSerializationContext;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRecord;
import io.trainyard.audit.AuditEventRepository;
import io.trainyard.registry.TestDatabases;
import io.trainyard.temporal.payload.PayloadCipher;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codec server on the API server: Temporal's protocol (proto3 JSON of {@code Payloads}, {@code
 * X-Namespace}) through the workers' own data converter, the roles (401, 403), the Web UI origin's
 * preflight and no other's, the size and rate limits as problem+json, and an audit row per call.
 */
class CodecServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String UI = "http://127.0.0.1:18233";
  private static final String SECRET = "learning-rate=0.0314159-known-to-this-test";
  /** {"payloads":[{"metadata":{"encoding":"json/plain"},"data":"\"hello\""}]}, as the Web UI writes a signal's input. */
  private static final String UI_INPUT = "{\"payloads\":[{\"metadata\":{\"encoding\":\"anNvbi9wbGFpbg==\"},\"data\":\"ImhlbGxvIg==\"}]}";
  private static final int CALLS_PER_MINUTE = 20;
  private static ApiTestStack stack;
  private static String viewer;
  private static String operator;

  @BeforeAll
  static void start() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> props = new HashMap<>(TestDatabases.h2());
    props.put("trainyard.payloads.keys", "k1=" + Base64.getEncoder().encodeToString(key) + ",current=k1");
    props.put("trainyard.codec.ui-origins", UI);
    props.put("trainyard.codec.max-body-bytes", "65536");
    props.put("trainyard.codec.calls-per-minute", Integer.toString(CALLS_PER_MINUTE));
    stack = ApiTestStack.start(props);
    viewer = stack.token("victor", Roles.VIEWER);
    operator = stack.token("olivia", Roles.OPERATOR);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aRunsPayloadDecodesForAViewerAndTheAuditNamesTheWorkflow() throws Exception {
    Payload encrypted = stack.bean(CodecDataConverter.class)
        .withContext(new WorkflowSerializationContext("default", "run-decoded-1")).toPayload(SECRET).orElseThrow();
    String body = PayloadsJson.write(Payloads.newBuilder().addPayloads(encrypted).build());
    assertThat(body).doesNotContain(Base64.getEncoder().encodeToString(SECRET.getBytes()));

    HttpResponse<String> decoded = post("/codec/decode", viewer, body);

    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    JsonNode payload = JSON.readTree(decoded.body()).get("payloads").get(0);
    assertThat(text(payload.get("metadata").get("encoding"))).isEqualTo("json/plain");
    assertThat(text(payload.get("data"))).isEqualTo("\"" + SECRET + "\"");
    assertThat(audit("victor", "codec.decode", "workflow/run-decoded-1")).singleElement().satisfies(event -> {
      assertThat(event.outcome()).isEqualTo("ok");
      assertThat(event.detailJson()).contains("\"payloads\":1").contains("\"keys\":[\"k1\"]").contains("\"namespace\":\"default\"");
    });
  }

  @Test
  void whatTheUiEncodesForAnOperatorIsEncryptedAndDecodesBackToTemporalsJson() throws Exception {
    HttpResponse<String> encoded = post("/codec/encode", operator, UI_INPUT);

    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
    JsonNode payload = JSON.readTree(encoded.body()).get("payloads").get(0);
    assertThat(text(payload.get("metadata").get("encoding"))).isEqualTo(PayloadCipher.ENCODING);
    assertThat(text(payload.get("metadata").get(PayloadCipher.KEY_ID))).isEqualTo("k1");
    HttpResponse<String> decoded = post("/codec/decode", viewer, encoded.body());
    assertThat(JSON.readTree(decoded.body())).isEqualTo(JSON.readTree(UI_INPUT));
  }

  @Test
  void aPayloadChangedByOneBitIsRefusedNamingIt() throws Exception {
    Payload encrypted = stack.bean(CodecDataConverter.class).toPayload(SECRET).orElseThrow();
    byte[] data = encrypted.getData().toByteArray();
    data[data.length - 1] ^= 0x01;
    Payload tampered = encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();

    HttpResponse<String> refused = post("/codec/decode", viewer, PayloadsJson.write(Payloads.newBuilder().addPayloads(tampered).build()));

    JsonNode problem = problem(refused, 422, "invalid-input");
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("payloads[0]");
    assertThat(problem.get("errors").get(0).get("message").asText()).contains("key 'k1' fails authentication");
  }

  @Test
  void noTokenIs401AndTheWrongRoleIs403AndBothAreAudited() throws Exception {
    problem(post("/codec/decode", null, UI_INPUT), 401, "unauthorized");
    problem(post("/codec/encode", viewer, UI_INPUT), 403, "forbidden");
    problem(post("/codec/decode", stack.token("april", Roles.APPROVER), UI_INPUT), 403, "forbidden");

    assertThat(audit("anonymous", "codec.decode", "namespace/default"))
        .anySatisfy(event -> assertThat(event.detailJson()).contains("\"status\":401"))
        .allSatisfy(event -> assertThat(event.outcome()).isEqualTo("refused"));
    assertThat(audit("victor", "codec.encode", "namespace/default"))
        .anySatisfy(event -> assertThat(event.detailJson()).contains("\"status\":403"));
  }

  @Test
  void theUisPreflightIsAnsweredWithCredentialsAndAnotherOriginsIsNot() throws Exception {
    HttpResponse<String> ui = preflight(UI);
    HttpResponse<String> other = preflight("https://evil.example.com");

    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    assertThat(ui.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(ui.headers().allValues("Access-Control-Allow-Headers").toString().toLowerCase()).contains("x-namespace");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.statusCode()).isEqualTo(403);
    // the answer to the UI's real call names its origin too, so its browser reads it
    HttpResponse<String> call = send(request("/codec/decode", viewer).header("Origin", UI)
        .POST(HttpRequest.BodyPublishers.ofString(UI_INPUT)).build());
    assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
  }

  @Test
  void theCodecsOriginsReachNoOtherRouteWhileTheApisOwnPagesAreServedAsBefore() throws Exception {
    for (String origin : List.of(stack.url().toString().replaceAll("/$", ""), UI)) {
      HttpResponse<String> models = send(request("/v1/models", viewer).header("Origin", origin).GET().build());

      assertThat(models.statusCode()).as(origin + ": " + models.body()).isEqualTo(200);
      assertThat(models.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
    }
  }

  @Test
  void aBodyOverTheLimitIs413AndAMissingNamespaceIs422() throws Exception {
    String huge = "{\"payloads\":[{\"data\":\"" + "A".repeat(70_000) + "\"}]}";
    assertThat(problem(post("/codec/decode", viewer, huge), 413, "payload-too-large").get("detail").asText())
        .contains("trainyard.codec.max-body-bytes");
    // without a Content-Length (chunked), the body is measured once read
    byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked = send(request("/codec/decode", viewer).header("Content-Type", "application/json")
        .header(CodecController.NAMESPACE_HEADER, "default")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());
    assertThat(problem(chunked, 413, "payload-too-large").get("detail").asText()).startsWith("the request body is " + bytes.length);

    HttpResponse<String> anonymousNamespace = send(request("/codec/decode", viewer)
        .headers("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(UI_INPUT)).build());
    assertThat(problem(anonymousNamespace, 422, "invalid-input").get("errors").get(0).get("field").asText())
        .isEqualTo(CodecController.NAMESPACE_HEADER);
    HttpResponse<String> otherNamespace = send(request("/codec/decode", viewer).header(CodecController.NAMESPACE_HEADER, "payments")
        .headers("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(UI_INPUT)).build());
    assertThat(problem(otherNamespace, 422, "invalid-input").get("detail").asText()).contains("'payments' is not served here");
  }

  @Test
  void aUserPastTheCallsPerMinuteIs429WithRetryAfterWhileAnotherUserIsNot() throws Exception {
    String busy = stack.token("bruno", Roles.VIEWER);
    for (int i = 0; i < CALLS_PER_MINUTE; i++) {
      assertThat(post("/codec/decode", busy, UI_INPUT).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> limited = post("/codec/decode", busy, UI_INPUT);

    problem(limited, 429, "too-many-requests");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 61L);
    assertThat(post("/codec/decode", stack.token("carla", Roles.VIEWER), UI_INPUT).statusCode()).isEqualTo(200);
  }

  @Test
  void aBrowserSignsInWithATokenAndItsCookieThenDecodesWithoutAnAuthorizationHeader() throws Exception {
    String page = UI + "/namespaces/default/workflows";
    HttpResponse<String> form = send(request("/codec/login?next=" + page, null).GET().build());
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("<form method=\"post\"").contains("value=\"" + page + "\"");

    HttpResponse<String> signedIn = signIn(stack.token("dora", Roles.VIEWER), page);

    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location")).hasValue(page);
    String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("trainyard-codec=").contains("Path=/codec").contains("HTTPOnly").contains("SameSite=Strict");
    HttpResponse<String> decoded = send(HttpRequest.newBuilder(URI.create(stack.url() + "/codec/decode"))
        .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).header("Content-Type", "application/json")
        .header(CodecController.NAMESPACE_HEADER, "default").POST(HttpRequest.BodyPublishers.ofString(UI_INPUT)).build());
    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    assertThat(audit("dora", "codec.decode", "namespace/default")).isNotEmpty();
  }

  @Test
  void aBadTokenSignsNobodyInAndAPageElsewhereIsNotRedirectedTo() throws Exception {
    HttpResponse<String> refused = signIn("not-a-token", UI);
    problem(refused, 401, "unauthorized");
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> elsewhere = signIn(stack.token("dora", Roles.VIEWER), "https://evil.example.com/phish");
    assertThat(elsewhere.statusCode()).isEqualTo(200);
    assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
    assertThat(elsewhere.body()).contains("Signed in as dora");
  }

  private static HttpResponse<String> signIn(String token, String next) throws Exception {
    String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    return send(request("/codec/login", null).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  private static String text(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()));
  }

  private static List<AuditEventRecord> audit(String user, String action, String target) {
    return stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, user, action, target, Instant.EPOCH, Instant.now().plusSeconds(60), 50);
  }

  private static HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.url() + path));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return send(request(path, token).header("Content-Type", "application/json")
        .header(CodecController.NAMESPACE_HEADER, "default").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static HttpResponse<String> preflight(String origin) throws Exception {
    return send(request("/codec/decode", null).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-namespace").build());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode problem(HttpResponse<String> response, int status, String type) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).endsWith("/" + type);
    return problem;
  }
}
