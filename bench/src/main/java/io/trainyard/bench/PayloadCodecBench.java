package io.trainyard.bench;

import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.trainyard.temporal.payload.PayloadCipher;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What encrypting workflow payloads costs a run, against no codec, in one bench run: two Trainyard
 * applications side by side ({@link SideBySide}), one without payload keys and one with a key (AES-256-GCM,
 * zlib over 4 KiB: the product's data converter), the same chain of builtin steps on each; then the
 * size of one run's history on each, and what decoding that whole history through the codec costs
 * (what the codec server does for the Web UI).
 *
 * <p>Run: {@code bench/run codec [rounds] [steps]} (see docs/benchmarks.md).
 */
public final class PayloadCodecBench {
  private static final int DECODE_ROUNDS = 200;

  private PayloadCodecBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try (BenchApplication clear = BenchApplication.start("clear", Map.of());
        BenchApplication encrypted = BenchApplication.start("encrypted",
            Map.of("trainyard.payloads.keys", "k1=" + Base64.getEncoder().encodeToString(key) + ",current=k1"))) {
      SideBySide measured = SideBySide.measure(clear, encrypted, rounds, steps);
      List<Payload> payloads = payloads(encrypted);
      CodecDataConverter codec = encrypted.context().getBean(CodecDataConverter.class);
      List<Double> decodeMicros = new ArrayList<>();
      for (int i = 0; i < DECODE_ROUNDS; i++) {
        long start = System.nanoTime();
        codec.decode(payloads);
        decodeMicros.add((System.nanoTime() - start) / 1e3);
      }
      System.out.printf(Locale.ROOT,
          "rounds=%d steps=%d (one run of a chain of builtin steps per side and round, alternating)%n"
              + "no keys (payloads in clear):   %s ms per run%n"
              + "a key (AES-256-GCM payloads):  %s ms per run%n"
              + "ratio encrypted/clear:         %s (per pair of rounds)%n"
              + "one run's history: %d bytes in clear, %d encrypted%n"
              + "decoding that history's %d payloads (the codec server's work for the Web UI): %s us, %d rounds%n",
          rounds, steps, Stats.spread(measured.baseMillis(), "%.1f"), Stats.spread(measured.otherMillis(), "%.1f"),
          Stats.spread(measured.ratios(), "%.3f"), clear.lastHistory().getSerializedSize(), encrypted.lastHistory().getSerializedSize(),
          payloads.size(), Stats.spread(decodeMicros.subList(DECODE_ROUNDS / 4, DECODE_ROUNDS), "%.1f"), DECODE_ROUNDS * 3 / 4);
      System.out.printf(Locale.ROOT, "every run, in round order (ms): clear %s%n                                 encrypted %s%n",
          rounded(measured.baseMillis()), rounded(measured.otherMillis()));
    }
  }

  private static List<Long> rounded(List<Double> millis) {
    return millis.stream().map(Math::round).toList();
  }

  /** Every encrypted payload of the last run's history: inputs, results, details. */
  private static List<Payload> payloads(BenchApplication side) {
    List<Payload> payloads = new ArrayList<>();
    collect(side.lastHistory(), payloads);
    return payloads;
  }

  private static void collect(Message message, List<Payload> into) {
    if (message instanceof Payload payload) {
      if (payload.getMetadataMap().containsKey(PayloadCipher.KEY_ID)) {
        into.add(payload);
      }
      return;
    }
    message.getAllFields().forEach((field, value) -> {
      if (value instanceof Message child) {
        collect(child, into);
      } else if (value instanceof List<?> list) {
        list.stream().filter(Message.class::isInstance)
            .forEach(child -> collect((Message) child, into));
      }
    });
  }
}
