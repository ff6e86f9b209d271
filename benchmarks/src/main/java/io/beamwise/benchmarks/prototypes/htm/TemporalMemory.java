package io.beamwise.benchmarks.prototypes.htm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A sequence memory of {@code columns × cellsPerColumn} cells with distal dendrite segments
 * (source: J. Hawkins and S. Ahmad, "Why neurons have thousands of synapses, a theory of sequence
 * memory in neocortex", Frontiers in Neural Circuits 10, 2016, and Y. Cui, S. Ahmad and J.
 * Hawkins, "Continuous online sequence learning with an unsupervised neural network model", Neural
 * Computation 28, 2016; our own code). A segment is <em>active</em> when at least {@code
 * activationThreshold} of its connected synapses (permanence ≥ {@code connectedPerm}) come from
 * active cells, <em>matching</em> when at least {@code minThreshold} of all its synapses do; a cell
 * with an active segment is predictive. For each active column: its predictive cells become active
 * (and winners), and their active segments learn; a column with no predictive cell bursts (all its
 * cells active), and its winner is the cell of its best matching segment, which learns, or else its
 * least used cell, which grows a new segment. Learning reinforces a segment's synapses from the
 * previous step's active cells by {@code permInc}, weakens the others by {@code permDec}, and grows
 * synapses (permanence {@code initialPerm}) to randomly chosen previous winner cells up to {@code
 * newSynapses} active ones; a full cell drops its least recently used segment, a full segment its
 * weakest synapses. The anomaly score of a step is the fraction of active columns that had no
 * predictive cell.
 */
final class TemporalMemory {
  private static final float EPSILON = 0.00001f;

  private final int cellsPerColumn;
  private final int activationThreshold;
  private final int minThreshold;
  private final int newSynapses;
  private final int maxSegmentsPerCell;
  private final int maxSynapsesPerSegment;
  private final float initialPerm;
  private final float connectedPerm;
  private final float permInc;
  private final float permDec;
  private final SplittableRandom random;

  // synapses: a pool of ids
  private int[] synPre = new int[1024];
  private int[] synSeg = new int[1024];
  private float[] synPerm = new float[1024];
  private int synHigh;
  private final IntList freeSyn = new IntList();
  // segments: a pool of ids
  private int[] segCell = new int[256];
  private long[] segLastUsed = new long[256];
  private int[][] segSyns = new int[256][];
  private int[] segSynCount = new int[256];
  private int[] numActiveConnected = new int[256];
  private int[] numActivePotential = new int[256];
  private int segHigh;
  private final IntList freeSeg = new IntList();
  // cell -> its segments; presynaptic cell -> synapses from it
  private final IntList[] cellSegs;
  private final IntList[] preSyns;

  private long iteration;
  private IntList activeCells = new IntList();
  private IntList winnerCells = new IntList();
  private final IntList touched = new IntList(); // segments with a count from the active cells
  private IntList activeSegments = new IntList(); // sorted by cell
  private IntList matchingSegments = new IntList(); // sorted by cell
  private final boolean[] wasActive;
  private final boolean[] predictedColumn;
  private final IntList predictedColumns = new IntList();

  TemporalMemory(
      int columns,
      int cellsPerColumn,
      int activationThreshold,
      int minThreshold,
      int newSynapses,
      int maxSegmentsPerCell,
      int maxSynapsesPerSegment,
      double initialPerm,
      double connectedPerm,
      double permInc,
      double permDec,
      long seed) {
    this.cellsPerColumn = cellsPerColumn;
    this.activationThreshold = activationThreshold;
    this.minThreshold = minThreshold;
    this.newSynapses = newSynapses;
    this.maxSegmentsPerCell = maxSegmentsPerCell;
    this.maxSynapsesPerSegment = maxSynapsesPerSegment;
    this.initialPerm = (float) initialPerm;
    this.connectedPerm = (float) connectedPerm;
    this.permInc = (float) permInc;
    this.permDec = (float) permDec;
    this.random = new SplittableRandom(seed);
    int cells = columns * cellsPerColumn;
    this.cellSegs = new IntList[cells];
    this.preSyns = new IntList[cells];
    this.wasActive = new boolean[cells];
    this.predictedColumn = new boolean[columns];
  }

  /**
   * The fraction of {@code columns} (ascending) that no cell predicted at the previous step: 0 when
   * every active column was predicted, 1 when none was (and 0 for no active column).
   */
  double anomaly(int[] columns) {
    if (columns.length == 0) {
      return 0.0;
    }
    int predicted = 0;
    for (int c : columns) {
      if (predictedColumn[c]) {
        predicted++;
      }
    }
    return 1.0 - predicted / (double) columns.length;
  }

  /** One step: activates cells for {@code columns} (ascending), learns if asked, and predicts. */
  void compute(int[] columns, boolean learn) {
    IntList prevActive = activeCells;
    IntList prevWinners = winnerCells;
    for (int i = 0; i < prevActive.size; i++) {
      wasActive[prevActive.data[i]] = true;
    }
    IntList active = new IntList();
    IntList winners = new IntList();
    int a = 0; // cursor into activeSegments
    int m = 0; // cursor into matchingSegments
    for (int column : columns) {
      while (a < activeSegments.size && columnOf(segCell[activeSegments.data[a]]) < column) {
        a++;
      }
      while (m < matchingSegments.size && columnOf(segCell[matchingSegments.data[m]]) < column) {
        m++;
      }
      int aEnd = a;
      while (aEnd < activeSegments.size && columnOf(segCell[activeSegments.data[aEnd]]) == column) {
        aEnd++;
      }
      int mEnd = m;
      while (mEnd < matchingSegments.size && columnOf(segCell[matchingSegments.data[mEnd]]) == column) {
        mEnd++;
      }
      if (aEnd > a) {
        int lastCell = -1;
        for (int i = a; i < aEnd; i++) {
          int seg = activeSegments.data[i];
          int cell = segCell[seg];
          if (cell != lastCell) {
            active.add(cell);
            winners.add(cell);
            lastCell = cell;
          }
          if (learn) {
            adaptAndGrow(seg, prevWinners, newSynapses - numActivePotential[seg]);
          }
        }
      } else {
        int first = column * cellsPerColumn;
        for (int cell = first; cell < first + cellsPerColumn; cell++) {
          active.add(cell);
        }
        if (mEnd > m) {
          int best = matchingSegments.data[m];
          for (int i = m + 1; i < mEnd; i++) {
            int seg = matchingSegments.data[i];
            if (numActivePotential[seg] > numActivePotential[best]) {
              best = seg;
            }
          }
          winners.add(segCell[best]);
          if (learn) {
            adaptAndGrow(best, prevWinners, newSynapses - numActivePotential[best]);
          }
        } else {
          int cell = leastUsedCell(first);
          winners.add(cell);
          if (learn && prevWinners.size > 0) {
            int seg = createSegment(cell);
            grow(seg, prevWinners, Math.min(newSynapses, prevWinners.size));
          }
        }
      }
      a = aEnd;
      m = mEnd;
    }
    for (int i = 0; i < prevActive.size; i++) {
      wasActive[prevActive.data[i]] = false;
    }
    activeCells = active;
    winnerCells = winners;
    predict();
    iteration++;
  }

  private int columnOf(int cell) {
    return cell / cellsPerColumn;
  }

  /** Counts each segment's synapses from the active cells and marks the predicted columns. */
  private void predict() {
    for (int i = 0; i < touched.size; i++) {
      int seg = touched.data[i];
      numActiveConnected[seg] = 0;
      numActivePotential[seg] = 0;
    }
    touched.size = 0;
    for (int i = 0; i < predictedColumns.size; i++) {
      predictedColumn[predictedColumns.data[i]] = false;
    }
    predictedColumns.size = 0;
    for (int i = 0; i < activeCells.size; i++) {
      IntList syns = preSyns[activeCells.data[i]];
      if (syns == null) {
        continue;
      }
      for (int k = 0; k < syns.size; k++) {
        int s = syns.data[k];
        int seg = synSeg[s];
        if (numActivePotential[seg]++ == 0) {
          touched.add(seg);
        }
        if (synPerm[s] >= connectedPerm - EPSILON) {
          numActiveConnected[seg]++;
        }
      }
    }
    IntList act = new IntList();
    IntList match = new IntList();
    for (int i = 0; i < touched.size; i++) {
      int seg = touched.data[i];
      if (numActiveConnected[seg] >= activationThreshold) {
        act.add(seg);
      }
      if (numActivePotential[seg] >= minThreshold) {
        match.add(seg);
      }
    }
    sortByCell(act);
    sortByCell(match);
    activeSegments = act;
    matchingSegments = match;
    for (int i = 0; i < act.size; i++) {
      int column = columnOf(segCell[act.data[i]]);
      if (!predictedColumn[column]) {
        predictedColumn[column] = true;
        predictedColumns.add(column);
      }
    }
  }

  private void sortByCell(IntList segs) {
    long[] keys = new long[segs.size];
    for (int i = 0; i < segs.size; i++) {
      keys[i] = ((long) segCell[segs.data[i]] << 32) | segs.data[i];
    }
    Arrays.sort(keys);
    for (int i = 0; i < segs.size; i++) {
      segs.data[i] = (int) keys[i];
    }
  }

  private int leastUsedCell(int first) {
    int fewest = Integer.MAX_VALUE;
    int ties = 0;
    for (int cell = first; cell < first + cellsPerColumn; cell++) {
      int n = cellSegs[cell] == null ? 0 : cellSegs[cell].size;
      if (n < fewest) {
        fewest = n;
        ties = 1;
      } else if (n == fewest) {
        ties++;
      }
    }
    int pick = random.nextInt(ties);
    for (int cell = first; cell < first + cellsPerColumn; cell++) {
      int n = cellSegs[cell] == null ? 0 : cellSegs[cell].size;
      if (n == fewest && pick-- == 0) {
        return cell;
      }
    }
    throw new AssertionError();
  }

  private void adaptAndGrow(int seg, IntList prevWinners, int grow) {
    segLastUsed[seg] = iteration;
    int[] syns = segSyns[seg];
    for (int k = segSynCount[seg] - 1; k >= 0; k--) {
      int s = syns[k];
      float p = synPerm[s] + (wasActive[synPre[s]] ? permInc : -permDec);
      p = Math.min(1f, p);
      if (p < EPSILON) {
        destroySynapse(s);
      } else {
        synPerm[s] = p;
      }
    }
    if (segSynCount[seg] == 0) {
      destroySegment(seg);
      return;
    }
    if (grow > 0) {
      grow(seg, prevWinners, grow);
    }
  }

  /** Grows up to {@code count} synapses from previous winner cells not yet on {@code seg}. */
  private void grow(int seg, IntList prevWinners, int count) {
    int[] candidates = new int[prevWinners.size];
    int n = 0;
    int[] syns = segSyns[seg];
    outer:
    for (int i = 0; i < prevWinners.size; i++) {
      int cell = prevWinners.data[i];
      for (int k = 0; k < segSynCount[seg]; k++) {
        if (synPre[syns[k]] == cell) {
          continue outer;
        }
      }
      candidates[n++] = cell;
    }
    int want = Math.min(count, n);
    int overflow = segSynCount[seg] + want - maxSynapsesPerSegment;
    for (int i = 0; i < overflow; i++) {
      destroyWeakestSynapse(seg);
    }
    for (int i = 0; i < want; i++) {
      int j = i + random.nextInt(n - i);
      int cell = candidates[j];
      candidates[j] = candidates[i];
      candidates[i] = cell;
      createSynapse(seg, cell, initialPerm);
    }
  }

  private void destroyWeakestSynapse(int seg) {
    int[] syns = segSyns[seg];
    int weakest = syns[0];
    for (int k = 1; k < segSynCount[seg]; k++) {
      if (synPerm[syns[k]] < synPerm[weakest]) {
        weakest = syns[k];
      }
    }
    destroySynapse(weakest);
  }

  private int createSegment(int cell) {
    if (cellSegs[cell] == null) {
      cellSegs[cell] = new IntList();
    }
    IntList segs = cellSegs[cell];
    if (segs.size >= maxSegmentsPerCell) {
      int oldest = segs.data[0];
      for (int i = 1; i < segs.size; i++) {
        if (segLastUsed[segs.data[i]] < segLastUsed[oldest]) {
          oldest = segs.data[i];
        }
      }
      destroySegment(oldest);
    }
    int seg;
    if (freeSeg.size > 0) {
      seg = freeSeg.data[--freeSeg.size];
    } else {
      seg = segHigh++;
      if (seg >= segCell.length) {
        int size = segCell.length * 2;
        segCell = Arrays.copyOf(segCell, size);
        segLastUsed = Arrays.copyOf(segLastUsed, size);
        segSyns = Arrays.copyOf(segSyns, size);
        segSynCount = Arrays.copyOf(segSynCount, size);
        numActiveConnected = Arrays.copyOf(numActiveConnected, size);
        numActivePotential = Arrays.copyOf(numActivePotential, size);
      }
    }
    segCell[seg] = cell;
    segLastUsed[seg] = iteration;
    if (segSyns[seg] == null) {
      segSyns[seg] = new int[maxSynapsesPerSegment];
    }
    segSynCount[seg] = 0;
    numActiveConnected[seg] = 0;
    numActivePotential[seg] = 0;
    segs.add(seg);
    return seg;
  }

  private void destroySegment(int seg) {
    while (segSynCount[seg] > 0) {
      destroySynapse(segSyns[seg][segSynCount[seg] - 1]);
    }
    cellSegs[segCell[seg]].remove(seg);
    segCell[seg] = -1;
    freeSeg.add(seg);
  }

  private void createSynapse(int seg, int pre, float perm) {
    int s;
    if (freeSyn.size > 0) {
      s = freeSyn.data[--freeSyn.size];
    } else {
      s = synHigh++;
      if (s >= synPre.length) {
        int size = synPre.length * 2;
        synPre = Arrays.copyOf(synPre, size);
        synSeg = Arrays.copyOf(synSeg, size);
        synPerm = Arrays.copyOf(synPerm, size);
      }
    }
    synPre[s] = pre;
    synSeg[s] = seg;
    synPerm[s] = perm;
    segSyns[seg][segSynCount[seg]++] = s;
    if (preSyns[pre] == null) {
      preSyns[pre] = new IntList();
    }
    preSyns[pre].add(s);
  }

  private void destroySynapse(int s) {
    int seg = synSeg[s];
    int[] syns = segSyns[seg];
    int n = segSynCount[seg];
    for (int k = 0; k < n; k++) {
      if (syns[k] == s) {
        syns[k] = syns[n - 1]; // order of a segment's synapses does not matter
        break;
      }
    }
    segSynCount[seg] = n - 1;
    preSyns[synPre[s]].remove(s);
    synSeg[s] = -1;
    freeSyn.add(s);
  }

  /** Segments and synapses in use, for the state size. */
  long[] size() {
    return new long[] {segHigh - freeSeg.size, synHigh - freeSyn.size};
  }

  /** A growable list of ints. */
  static final class IntList {
    int[] data = new int[8];
    int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    /** Removes one occurrence of {@code v}, keeping the order of the rest. */
    void remove(int v) {
      for (int i = 0; i < size; i++) {
        if (data[i] == v) {
          System.arraycopy(data, i + 1, data, i, size - i - 1);
          size--;
          return;
        }
      }
    }
  }
}
