package io.trainyard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretKeyTest {

  @Test
  void aSpecReferenceIsASecretAndOneOfItsKeys() {
    assertThat(SecretKey.parse("wandb/api-key")).isEqualTo(new SecretKey("wandb", "api-key"));
    assertThat(SecretKey.parse("db.prod-eu/password_v2.txt")).isEqualTo(new SecretKey("db.prod-eu", "password_v2.txt"));
  }

  @Test
  void aReferenceThatIsNotSecretSlashKeySaysWhatWasExpected() {
    assertThatThrownBy(() -> SecretKey.parse("wandb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'wandb' is not a secret reference: expected <secret>/<key>");
    assertThatThrownBy(() -> SecretKey.parse("wandb/a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'a/b' is not a secret key");
    assertThatThrownBy(() -> SecretKey.parse("WandB/key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'WandB' is not a secret name");
  }
}
