package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretReferenceTest {

  @Test
  void parsesSecretSlashKeyAndPrintsItBack() {
    SecretReference ref = SecretReference.parse("db.prod-eu/password_v2.txt");

    assertThat(ref.secret()).isEqualTo("db.prod-eu");
    assertThat(ref.key()).isEqualTo("password_v2.txt");
    assertThat(ref).hasToString("db.prod-eu/password_v2.txt");
    assertThat(SecretReference.parse("registry/.dockerconfigjson").key()).isEqualTo(".dockerconfigjson");
  }

  @Test
  void neitherPartCanLeaveTheSecretsDirectory() {
    for (String text : new String[] {"../passwd", "wandb/..", "wandb/.", "wandb/../x", "/etc/passwd", ".hidden/key", "a..b/key"}) {
      assertThatThrownBy(() -> SecretReference.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aSecretNameIsADns1123SubdomainOfAtMost253Characters() {
    assertThat(SecretReference.parse("a".repeat(63) + "." + "b".repeat(63) + "/k").secret()).hasSize(127);
    assertThatThrownBy(() -> SecretReference.parse("a".repeat(254) + "/k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + "a".repeat(254) + "' is not a secret name");
    assertThatThrownBy(() -> SecretReference.parse("wandb-/k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretReference.parse("wandb/")).isInstanceOf(IllegalArgumentException.class);
  }
}
