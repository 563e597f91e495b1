package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void secretsAreLeftOutOfTheJsonWhenThereAreNoneSoStepCacheKeysStayAsTheyWere() throws Exception {
    StepSpec plain = new StepSpec("fit", "python fit.py", null, null, null, List.of("model"), null, null, null, null, null, null, null);
    StepSpec withSecrets = new StepSpec("fit", "python fit.py", null, null, null, List.of("model"), null, null, null, null, null, null,
        Map.of("WANDB_API_KEY", "wandb/api-key"));

    assertThat(plain.secrets()).isEmpty();
    assertThat(JSON.writeValueAsString(plain)).doesNotContain("secrets");
    String json = JSON.writeValueAsString(withSecrets);
    assertThat(json).contains("\"secrets\":{\"WANDB_API_KEY\":\"wandb/api-key\"}");
    assertThat(JSON.readValue(json, StepSpec.class)).isEqualTo(withSecrets);
    assertThat(JSON.readValue(JSON.writeValueAsString(plain), StepSpec.class)).isEqualTo(plain);
  }
}
