package io.trainyard.ui.codec;

import java.util.Set;

/**
 * What one codec call did, for its audit row: the namespace the caller named, how many payloads,
 * which workflows they were written for (as their metadata says, authenticated by the cipher) and
 * under which keys.
 */
record CodecCall(String namespace, int payloads, Set<String> workflows, Set<String> keys) {
  /** The request attribute the controller leaves it in. */
  static final String ATTRIBUTE = CodecCall.class.getName();
}
