package io.trainyard.temporal.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Free ports come from below the ephemeral range, differ from call to call, and skip a port in use. */
class FreePortsTest {

  @Test
  void portsAreBindableBelowTheEphemeralRangeAndSkipOnesInUse() throws Exception {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ports.add(FreePorts.next());
    }
    assertThat(ports).hasSize(20).allSatisfy(port -> assertThat(port).isBetween(20_000, 31_999));

    int next = FreePorts.next() + 1;
    try (ServerSocket busy = new ServerSocket(next, 1, InetAddress.getLoopbackAddress())) {
      assertThat(FreePorts.next()).as("the port in use is passed over").isNotEqualTo(next);
    }
  }
}
