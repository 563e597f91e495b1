package io.trainyard.temporal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payload keys as written in a key file or an environment variable, and the errors that name what is wrong. */
class PayloadKeysTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String SHORT = Base64.getEncoder().encodeToString(new byte[16]);

  @TempDir Path folder;

  @Test
  void linesOrCommaSeparatedEntriesWithTheCurrentKeyNamed() {
    PayloadKeys lines = PayloadKeys.parse("# keys\nk1=" + KEY + "\n\nk2=" + KEY + "\ncurrent=k2\n", "file");
    PayloadKeys commas = PayloadKeys.parse("current=k1, k1=" + KEY, "env");

    assertThat(lines.currentId()).contains("k2");
    assertThat(commas.currentId()).contains("k1");
    assertThat(lines.toString()).isEqualTo("payload keys [k1, k2], current 'k2'").doesNotContain(KEY);
    assertThat(PayloadKeys.none().configured()).isFalse();
  }

  @Test
  void badKeysAreNamedWithTheirSourceAndEntryButNeverTheirValue() {
    assertThatThrownBy(() -> PayloadKeys.parse("k1=" + SHORT + "\ncurrent=k1", "keys.txt"))
        .hasMessage("keys.txt, entry 1 (key 'k1'): 16 bytes, expected 32 (AES-256)");
    assertThatThrownBy(() -> PayloadKeys.parse("current=k1\nk1=not*base64", "keys.txt"))
        .hasMessage("keys.txt, entry 2 (key 'k1'): not base64");
    assertThatThrownBy(() -> PayloadKeys.parse("k1=" + KEY, "keys.txt"))
        .hasMessageContaining("keys.txt: names no current key (add current=id, one of [k1])");
    assertThatThrownBy(() -> PayloadKeys.parse("k1=" + KEY + ",current=k9", "keys.txt"))
        .hasMessageContaining("current key 'k9' is not among its keys [k1]");
    assertThatThrownBy(() -> PayloadKeys.parse("k1=" + KEY + ",k1=" + KEY + ",current=k1", "keys.txt"))
        .hasMessageContaining("entry 2: key id 'k1' appears twice");
    assertThatThrownBy(() -> PayloadKeys.parse("my key=" + KEY, "keys.txt"))
        .hasMessage("keys.txt, entry 1: a key id must be 1 to 64 of A-Z a-z 0-9 . _ -");
    assertThatThrownBy(() -> PayloadKeys.parse(KEY, "keys.txt"))
        .as("a key without its id is not quoted").hasMessage("keys.txt, entry 1: expected id=base64key or current=id");
    assertThatThrownBy(() -> PayloadKeys.parse("ab+/" + KEY.replace("=", ""), "keys.txt"))
        .hasMessage("keys.txt, entry 1: expected id=base64key or current=id");
    assertThatThrownBy(() -> PayloadKeys.parse("\n", "keys.txt")).hasMessageContaining("holds no key");
  }

  @Test
  void theConfigurationTakesAFileOrTheTextButNotBoth() throws Exception {
    Path file = Files.writeString(folder.resolve("payload-keys"), "k1=" + KEY + "\ncurrent=k1\n");
    assertThat(PayloadDataConverter.of(new PayloadKeysConfiguration(file, null, 0)).toPayload("x").orElseThrow()
        .getMetadataOrThrow(PayloadCipher.KEY_ID).toStringUtf8()).isEqualTo("k1");
    assertThatThrownBy(() -> new PayloadKeysConfiguration(file, "k1=" + KEY + ",current=k1", 0))
        .hasMessageContaining("trainyard.payloads.key-file and trainyard.payloads.keys are both set");
    Path missing = folder.resolve("missing");
    assertThatThrownBy(() -> PayloadDataConverter.of(new PayloadKeysConfiguration(missing, null, 0)))
        .hasMessageContaining("trainyard.payloads.key-file " + missing + ": cannot be read (NoSuchFileException)");
  }
}
