package io.beamwise.anomaly.detectors.cad;

import java.util.Arrays;

/**
 * The end of the reference's step: activates the step's active contexts and picks the most often
 * activated ones, whose neurons join the next left facts. Ties are broken as NAB's reference run
 * breaks them, by CPython 2's tuple hash of the contexts' left, then right, facts ({@link
 * ContextMemory#pythonHash}).
 */
final class ActiveRanking {

  private final ContextMemory memory;
  private final int maxActiveNeurons;
  private int[] heap = new int[0]; // ranking scratch
  private int[] heapCount = new int[0];

  ActiveRanking(ContextMemory memory, int maxActiveNeurons) {
    this.memory = memory;
    this.maxActiveNeurons = maxActiveNeurons;
  }

  /**
   * Activates the step's active contexts (each once), then returns the next left facts: the
   * value's facts and the neurons of the most often activated active contexts, sorted. One pass:
   * a context's count is final once it is activated, so the ranking can follow it.
   */
  int[] activateAndRank(int[] sens, IntList active) {
    int n = active.size();
    int k = Math.min(maxActiveNeurons, n);
    // The k greatest active contexts by (activations, left hash, right hash), kept in a min-heap
    // with their counts alongside.
    if (heap.length < k) {
      heap = new int[k];
      heapCount = new int[k];
    }
    int size = 0;
    for (int i = 0; i < n; i++) {
      int c = active.get(i);
      int count = memory.activate(c);
      if (size < k) {
        heap[size] = c;
        heapCount[size] = count;
        siftUp(size++);
      } else if (k > 0
          && (count > heapCount[0] || (count == heapCount[0] && tieBefore(heap[0], c)))) {
        heap[0] = c;
        heapCount[0] = count;
        siftDown(k);
      }
    }
    int[] next = Arrays.copyOf(sens, sens.length + k);
    for (int i = 0; i < k; i++) {
      next[sens.length + i] = ContextMemory.NEURON + heap[i];
    }
    Arrays.sort(next);
    return next;
  }

  /**
   * The reference's order of active contexts: activations, then left hash, then right hash; for
   * heap entries {@code i} and {@code j}.
   */
  private boolean before(int i, int j) {
    if (heapCount[i] != heapCount[j]) {
      return heapCount[i] < heapCount[j];
    }
    return tieBefore(heap[i], heap[j]);
  }

  /** The order of two equally often activated contexts: left hash, then right hash. */
  private boolean tieBefore(int a, int b) {
    int byLeft = Long.compare(memory.leftHashOf(a), memory.leftHashOf(b));
    if (byLeft != 0) {
      return byLeft < 0;
    }
    return Long.compare(memory.rightHashOf(a), memory.rightHashOf(b)) < 0;
  }

  private void swap(int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
    t = heapCount[i];
    heapCount[i] = heapCount[j];
    heapCount[j] = t;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!before(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int size) {
    int i = 0;
    while (true) {
      int least = i;
      int l = 2 * i + 1;
      int r = l + 1;
      if (l < size && before(l, least)) {
        least = l;
      }
      if (r < size && before(r, least)) {
        least = r;
      }
      if (least == i) {
        return;
      }
      swap(i, least);
      i = least;
    }
  }
}
