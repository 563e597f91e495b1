package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.artifact.TrainyardHome;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.inject.Singleton;

/**
 * The step cache: a step with {@code cache: true} whose spec, input digests, parameters and {@code
 * with} settings were seen before gets the earlier outputs and metrics back without running. The
 * index is one JSON file per key under {@code <home>/cache/}, written atomically after a success.
 */
@Singleton
public class StepCache {

  /**
   * What a cache entry holds: the stored outputs and the metrics of the run that produced them, and
   * what the attempt that produced them cost (null in entries written before the cost ledger), and what
   * ran it ({@link StepRuntime#NONE} in entries written before attempts recorded it).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(Map<String, ArtifactRef> outputs, Map<String, Double> metrics, BigDecimal cost, StepRuntime runtime) {
    public Entry {
      runtime = runtime == null ? StepRuntime.NONE : runtime;
    }
  }

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .build();

  private final Path directory;
  private final ArtifactStore store;

  public StepCache(TrainyardHome home, ArtifactStore store) {
    this.directory = home.cache();
    this.store = store;
  }

  /** The cache key: sha256 over the canonical JSON of (spec, input digests, params, with). */
  public String key(StepLaunch launch, Map<String, ArtifactRef> inputs) {
    Map<String, String> digests = new LinkedHashMap<>();
    inputs.forEach((name, ref) -> digests.put(name, ref.sha256()));
    Map<String, Object> keyed = new LinkedHashMap<>();
    keyed.put("spec", launch.spec());
    keyed.put("inputs", digests);
    keyed.put("params", launch.params());
    keyed.put("with", launch.with());
    try {
      byte[] canonical = CANONICAL.writeValueAsString(keyed).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(ArtifactStore.sha256().digest(canonical));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("step '" + launch.step() + "' cannot be keyed for the cache: " + e.getMessage(), e);
    }
  }

  /** The entry for a key, when there is one whose outputs are all still in the store intact. */
  public Optional<Entry> lookup(String key) {
    Path file = file(key);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Entry entry;
    try {
      entry = CANONICAL.readValue(file.toFile(), Entry.class);
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    try {
      entry.outputs().values().forEach(store::localPath);
    } catch (ApplicationFailure goneOrChanged) {
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  /** Record an entry, atomically: readers see the old index file or the new one, never half of one. */
  public void store(String key, Entry entry) {
    try {
      Files.createDirectories(directory);
      Path temp = directory.resolve(key + "." + UUID.randomUUID() + ".tmp");
      CANONICAL.writeValue(temp.toFile(), entry);
      Files.move(temp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cache entry " + file(key), e);
    }
  }

  private Path file(String key) {
    return directory.resolve(key + ".json");
  }
}
