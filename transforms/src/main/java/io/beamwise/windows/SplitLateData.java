package io.beamwise.windows;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Separates, before windowing, the elements that the windowing would drop as too late (the
 * watermark has passed the end of every window they belong to plus the allowed lateness), so they
 * go to a late output instead of vanishing in the runner.
 *
 * <p>How it knows: a stateful DoFn, keyed by a shard of the element's key, keeps the last instants
 * and the expiries (last instant + allowed lateness) of the windows its elements fall in, and
 * sets an event-time timer at the next one. A timer firing at T proves the input watermark has
 * reached T. The timer also holds this step's output watermark at T + 1 ms, so the windowing
 * downstream never sees a watermark beyond that. An element whose latest window expires at or
 * before T goes to {@link LateSplit#late()} (Beam itself would drop it once the watermark is
 * past its expiry; at exactly the expiry this step is 1 ms stricter); any other element is
 * certainly not dropped downstream. Cost: one timer firing per window boundary per shard; no delay, because
 * window ends are boundaries.
 *
 * <p>Windows on a grid (tumbling and sliding): the timers also fire at every last instant and
 * every expiry of the grid, whether or not the shard saw an element of that window, so what the
 * shard knows is never more than one grid step behind the watermark and exactly at the expiries
 * that matter: a late element of a window the shard never saw, or that comes after the shard was
 * quiet, is routed to {@code late()} too. The chain of grid timers stops after {@value
 * #QUIET_GRID_FIRINGS} firings without an element (so a finished input does not fire timers up
 * to the end of time) and starts again with the next element.
 *
 * <p>Limits (also in the README's runner table): session windows have no grid: once a shard has
 * no open session it releases its hold, and its next element is classified with what the shard
 * knew then; it may be passed on although the watermark has since passed its session, and the
 * runner then drops it and counts it in its own {@code droppedDueToLateness} metric. The same
 * holds for a grid shard quiet for more than {@value #QUIET_GRID_FIRINGS} grid steps. For sliding
 * windows an element whose earliest windows are expired but whose latest is not is passed on, and
 * the runner drops it from the expired windows only.
 * Needs event-time timers with watermark holds in streaming (DirectRunner, Flink, Dataflow).
 * Bounded input is never late and needs no splitting ({@link AggregateWindows} skips it).
 */
final class SplitLateData<K, V> extends PTransform<PCollection<KV<K, V>>, LateSplit<K, V>> {

  static final String METRICS_NAMESPACE = ComputeWindowStats.METRICS_NAMESPACE;

  /** Grid timer firings without an element after which a shard stops its grid timers. */
  static final int QUIET_GRID_FIRINGS = 1000;

  private final WindowFn<?, ?> windowFn;
  private final Duration lateness;
  private final int shards;
  private final String metricsNamespace;

  SplitLateData(WindowFn<?, ?> windowFn, Duration lateness, int shards) {
    this(windowFn, lateness, shards, METRICS_NAMESPACE);
  }

  /** As above, counting {@code late_dropped} under {@code metricsNamespace}. */
  SplitLateData(WindowFn<?, ?> windowFn, Duration lateness, int shards, String metricsNamespace) {
    checkArgument(shards >= 1 && shards <= 4096, "shards must be in [1, 4096], got %s", shards);
    this.windowFn = windowFn;
    this.lateness = lateness;
    this.shards = shards;
    this.metricsNamespace = metricsNamespace;
  }

  @Override
  public LateSplit<K, V> expand(PCollection<KV<K, V>> input) {
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    Coder<K> keyCoder = coder.getKeyCoder();
    int n = shards;
    PCollection<KV<Integer, KV<K, V>>> sharded =
        input
            .apply(
                "Shard",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.integers(), input.getTypeDescriptor()))
                    .via((KV<K, V> kv) -> KV.of(shardOf(keyCoder, kv.getKey(), n), kv)))
            .setCoder(KvCoder.of(VarIntCoder.of(), coder));
    TupleTag<KV<K, V>> onTime = new TupleTag<>();
    TupleTag<KV<K, V>> late = new TupleTag<>();
    PCollectionTuple split =
        sharded.apply(
            "Split late data",
            ParDo.of(new SplitFn<K, V>(windowFn, lateness, onTime, late, metricsNamespace))
                .withOutputTags(onTime, TupleTagList.of(late)));
    return new LateSplit<>(split.get(onTime).setCoder(coder), split.get(late).setCoder(coder));
  }

  private static <K> int shardOf(Coder<K> keyCoder, K key, int shards) {
    try {
      return Math.floorMod(Arrays.hashCode(CoderUtils.encodeToByteArray(keyCoder, key)), shards);
    } catch (CoderException e) {
      throw new IllegalArgumentException("cannot encode key " + key, e);
    }
  }

  private static final class SplitFn<K, V> extends DoFn<KV<Integer, KV<K, V>>, KV<K, V>> {
    private final WindowFn<?, ?> windowFn;
    private final Duration lateness;
    private final TupleTag<KV<K, V>> onTimeTag;
    private final TupleTag<KV<K, V>> lateTag;
    private final Counter late;

    /** The latest timer firing: the input watermark is known to be at least this. */
    @StateId("known")
    private final StateSpec<ValueState<Instant>> knownSpec = StateSpecs.value(InstantCoder.of());

    /** Last instants and expiries of the windows seen, later than {@code known}, ascending. */
    @StateId("boundaries")
    private final StateSpec<ValueState<List<Instant>>> boundariesSpec =
        StateSpecs.value(ListCoder.of(InstantCoder.of()));

    @TimerId("boundary")
    private final TimerSpec boundarySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    /** Timer firings since the shard's last element (grid windows only). */
    @StateId("quiet")
    private final StateSpec<ValueState<Integer>> quietSpec = StateSpecs.value(VarIntCoder.of());

    SplitFn(
        WindowFn<?, ?> windowFn,
        Duration lateness,
        TupleTag<KV<K, V>> onTimeTag,
        TupleTag<KV<K, V>> lateTag,
        String metricsNamespace) {
      this.late = Metrics.counter(metricsNamespace, "late_dropped");
      this.windowFn = windowFn;
      this.lateness = lateness;
      this.onTimeTag = onTimeTag;
      this.lateTag = lateTag;
    }

    /**
     * The hold of this step must stay at what is proven, which is usually before the element
     * being processed; Beam checks holds against the element's timestamp unless skew is allowed.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, KV<K, V>> element,
        @Timestamp Instant timestamp,
        @StateId("known") ValueState<Instant> knownState,
        @StateId("boundaries") ValueState<List<Instant>> boundariesState,
        @StateId("quiet") ValueState<Integer> quiet,
        @TimerId("boundary") Timer timer,
        MultiOutputReceiver out)
        throws Exception {
      Instant known = knownState.read();
      quiet.clear();
      Collection<? extends BoundedWindow> windows = WindowAssignment.windows(windowFn, element.getValue(), timestamp);
      Instant latestExpiry = BoundedWindow.TIMESTAMP_MIN_VALUE;
      for (BoundedWindow w : windows) {
        Instant expiry = w.maxTimestamp().plus(lateness);
        latestExpiry = expiry.isAfter(latestExpiry) ? expiry : latestExpiry;
      }
      if (known != null && !latestExpiry.isAfter(known)) {
        late.inc();
        out.get(lateTag).output(element.getValue());
        return;
      }
      out.get(onTimeTag).output(element.getValue());

      List<Instant> boundaries = boundariesState.read();
      TreeSet<Instant> pending = boundaries == null ? new TreeSet<>() : new TreeSet<>(boundaries);
      Instant before = pending.isEmpty() ? null : pending.first();
      for (BoundedWindow w : windows) {
        // Timers at the window's last instant and at its expiry: the first lets the on-time pane
        // fire downstream, the second proves the window closed.
        for (Instant b : new Instant[] {w.maxTimestamp(), w.maxTimestamp().plus(lateness)}) {
          if ((known == null || b.isAfter(known)) && !b.isAfter(GlobalWindow.INSTANCE.maxTimestamp())) {
            pending.add(b);
          }
        }
      }
      if (known != null) {
        addNextGridBoundary(pending, known);
      }
      boundariesState.write(new ArrayList<>(pending));
      if (!pending.isEmpty() && (before == null || pending.first().isBefore(before))) {
        // Hold at what is proven (the minimum before the first firing) and wake at the next
        // boundary.
        Instant hold = known == null ? BoundedWindow.TIMESTAMP_MIN_VALUE : known.plus(Duration.millis(1));
        timer.withOutputTimestamp(hold).set(pending.first());
      }
    }

    @OnTimer("boundary")
    public void onBoundary(
        OnTimerContext context,
        @StateId("known") ValueState<Instant> knownState,
        @StateId("boundaries") ValueState<List<Instant>> boundariesState,
        @StateId("quiet") ValueState<Integer> quiet,
        @TimerId("boundary") Timer timer) {
      Instant fired = context.fireTimestamp();
      knownState.write(fired);
      List<Instant> boundaries = boundariesState.read();
      TreeSet<Instant> pending = boundaries == null ? new TreeSet<>() : new TreeSet<>(boundaries);
      pending.headSet(fired, true).clear();
      Integer firings = quiet.read();
      int n = firings == null ? 1 : firings + 1;
      quiet.write(n);
      if (n <= QUIET_GRID_FIRINGS) {
        addNextGridBoundary(pending, fired);
      }
      boundariesState.write(new ArrayList<>(pending));
      if (!pending.isEmpty()) {
        // Hold just past what is proven, so windows ending at `fired` fire downstream.
        timer.withOutputTimestamp(fired.plus(Duration.millis(1))).set(pending.first());
      }
      // No open window left: no timer, no hold, nothing to do until the next element.
    }

    /**
     * Adds the first instant after {@code t} at which a window of the grid reaches its last
     * instant or its expiry (tumbling and sliding windows; nothing for sessions).
     */
    private void addNextGridBoundary(TreeSet<Instant> pending, Instant t) {
      long period;
      long offset;
      long size;
      if (windowFn instanceof FixedWindows) {
        FixedWindows f = (FixedWindows) windowFn;
        period = f.getSize().getMillis();
        offset = f.getOffset().getMillis();
        size = period;
      } else if (windowFn instanceof SlidingWindows) {
        SlidingWindows f = (SlidingWindows) windowFn;
        period = f.getPeriod().getMillis();
        offset = f.getOffset().getMillis();
        size = f.getSize().getMillis();
      } else {
        return;
      }
      // Window k starts at offset + k·period; its last instant is start + size − 1 ms and its
      // expiry that plus the allowed lateness.
      long last = firstAfter(t.getMillis(), offset + size - 1, period);
      long expiry = firstAfter(t.getMillis(), offset + size - 1 + lateness.getMillis(), period);
      long next = Math.min(last, expiry);
      if (next <= GlobalWindow.INSTANCE.maxTimestamp().getMillis()) {
        pending.add(new Instant(next));
      }
    }

    /** The smallest {@code base + k·period} (any integer k) greater than {@code t}. */
    static long firstAfter(long t, long base, long period) {
      return base + (Math.floorDiv(t - base, period) + 1) * period;
    }
  }
}
