package io.beamwise.benchmarks.endtoend;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Variant 2, the peer a user would pick instead: a native Flink 1.19 DataStream job on an
 * embedded mini cluster (REST endpoint on a free port, never 8081).
 *
 * <p>Read lines with their numbers (one reader: a single file is one split) → parse (Jackson
 * streaming, at the job's parallelism) → bounded-out-of-orderness watermarks of {@link
 * Workload#MAX_DELAY_MS} → keyed by sensor: tumbling event-time windows with an {@link
 * AggregateFunction}, and a {@link KeyedProcessFunction} that buffers readings per timestamp in
 * {@link MapState} and, when an event-time timer at the end of their second fires (the watermark
 * has passed them), scores them in (timestamp, line) order. Results go to sinks that add them to accumulators.
 * Default heap state backend, no checkpoints.
 */
public final class NativeFlinkJob {

  private NativeFlinkJob() {}

  /** Runs the job on {@code input} with {@code parallelism} task slots and returns its results. */
  public static Outcome run(String input, int parallelism) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, LocalFlink.configuration());

    DataStream<Reading> readings =
        env.addSource(new NumberedLines(input), "Read lines", Types.TUPLE(Types.LONG, Types.STRING))
            .setParallelism(1)
            .map(l -> Reading.parse(l.f1, l.f0))
            .returns(Reading.class)
            .name("Parse")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Reading>forBoundedOutOfOrderness(
                        Duration.ofMillis(Workload.MAX_DELAY_MS))
                    .withTimestampAssigner((r, previous) -> r.ts))
            .name("Watermarks");

    readings
        .keyBy(r -> r.sensor)
        .window(TumblingEventTimeWindows.of(Time.seconds(Workload.WINDOW_SECONDS)))
        .aggregate(new Aggregate(), new EmitWindow())
        .name("Window stats")
        .addSink(new WindowSink())
        .name("Window checksum");

    readings
        .keyBy(r -> r.sensor)
        .process(new ScoreInEventTimeOrder())
        .name("Z-score")
        .addSink(new ScoreSink())
        .name("Score checksum");

    JobExecutionResult result = env.execute("beamwise-bench-native-flink");
    Outcome o = new Outcome();
    o.windows = result.<Long>getAccumulatorResult("windows");
    o.windowChecksum = result.<Long>getAccumulatorResult("windowChecksum");
    o.scores = result.<Long>getAccumulatorResult("scores");
    o.scoreChecksum = result.<Long>getAccumulatorResult("scoreChecksum");
    o.alerts = result.<Long>getAccumulatorResult("alerts");
    return o;
  }

  /** (line number, text) of every line of a file, in order. */
  static final class NumberedLines
      implements SourceFunction<org.apache.flink.api.java.tuple.Tuple2<Long, String>> {
    private static final long serialVersionUID = 1L;
    private final String path;
    private volatile boolean running = true;

    NumberedLines(String path) {
      this.path = path;
    }

    @Override
    public void run(SourceContext<org.apache.flink.api.java.tuple.Tuple2<Long, String>> ctx)
        throws Exception {
      try (BufferedReader in = Files.newBufferedReader(Paths.get(path), StandardCharsets.UTF_8)) {
        long line = 0;
        for (String text = in.readLine(); text != null && running; text = in.readLine()) {
          ctx.collect(org.apache.flink.api.java.tuple.Tuple2.of(++line, text));
        }
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }

  static final class Aggregate
      implements AggregateFunction<Reading, WindowAccumulator, WindowAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public WindowAccumulator createAccumulator() {
      return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(Reading r, WindowAccumulator a) {
      return a.add(r.value);
    }

    @Override
    public WindowAccumulator getResult(WindowAccumulator a) {
      return a;
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
      return a.merge(b);
    }
  }

  /** Window result: sensor, window start (epoch ms), count, min, max, sum, mean. */
  public static final class WindowOut {
    public String sensor;
    public long start;
    public long count;
    public double min;
    public double max;
    public double sum;
    public double mean;

    public WindowOut() {}
  }

  static final class EmitWindow
      extends ProcessWindowFunction<WindowAccumulator, WindowOut, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
        String sensor, Context ctx, Iterable<WindowAccumulator> in, Collector<WindowOut> out) {
      WindowAccumulator a = in.iterator().next();
      WindowOut w = new WindowOut();
      w.sensor = sensor;
      w.start = ctx.window().getStart();
      w.count = a.count;
      w.min = a.min;
      w.max = a.max;
      w.sum = a.sum;
      w.mean = a.mean();
      out.collect(w);
    }
  }

  /** Score result: sensor, timestamp (epoch ms), line, score, alert. */
  public static final class ScoreOut {
    public String sensor;
    public long ts;
    public long line;
    public double score;
    public boolean alert;

    public ScoreOut() {}
  }

  static final class ScoreInEventTimeOrder extends KeyedProcessFunction<String, Reading, ScoreOut> {
    private static final long serialVersionUID = 1L;
    private transient MapState<Long, List<Reading>> pending;
    private transient ValueState<SensorScorer> scorer;

    @Override
    public void open(Configuration parameters) {
      pending =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "pending", Types.LONG, Types.LIST(TypeInformation.of(Reading.class))));
      scorer =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("scorer", TypeInformation.of(SensorScorer.class)));
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<ScoreOut> out) throws Exception {
      if (r.ts <= ctx.timerService().currentWatermark()) {
        throw new IllegalStateException("line " + r.line + " is behind the watermark");
      }
      List<Reading> at = pending.get(r.ts);
      if (at == null) {
        at = new ArrayList<>(1);
      }
      at.add(r);
      pending.put(r.ts, at);
      // One timer per sensor and second of event time, not per reading: Flink's timer queue was
      // half of this job's time with a timer per millisecond timestamp.
      ctx.timerService().registerEventTimeTimer(endOfSecond(r.ts));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<ScoreOut> out) throws Exception {
      List<Long> due = new ArrayList<>();
      for (Long ts : pending.keys()) {
        if (ts <= time) {
          due.add(ts);
        }
      }
      Collections.sort(due);
      SensorScorer s = scorer.value();
      if (s == null) {
        s = new SensorScorer();
      }
      for (Long ts : due) {
        List<Reading> at = pending.get(ts);
        pending.remove(ts);
        at.sort(Reading.EVENT_ORDER);
        for (Reading r : at) {
          ScoreOut o = new ScoreOut();
          o.sensor = r.sensor;
          o.ts = r.ts;
          o.line = r.line;
          o.score = s.scoreThenLearn(r.value);
          o.alert = SensorScorer.isAlert(o.score);
          out.collect(o);
        }
      }
      scorer.update(s);
    }

    private static long endOfSecond(long ts) {
      return (Math.floorDiv(ts, 1000) + 1) * 1000 - 1;
    }
  }

  static final class WindowSink extends RichSinkFunction<WindowOut> {
    private static final long serialVersionUID = 1L;
    private final LongCounter windows = new LongCounter();
    private final LongCounter checksum = new LongCounter();

    @Override
    public void open(Configuration parameters) {
      getRuntimeContext().addAccumulator("windows", windows);
      getRuntimeContext().addAccumulator("windowChecksum", checksum);
    }

    @Override
    public void invoke(WindowOut w, Context context) {
      windows.add(1);
      checksum.add(Outcome.windowHash(w.sensor, w.start, w.count, w.min, w.max, w.sum));
    }
  }

  static final class ScoreSink extends RichSinkFunction<ScoreOut> {
    private static final long serialVersionUID = 1L;
    private final LongCounter scores = new LongCounter();
    private final LongCounter checksum = new LongCounter();
    private final LongCounter alerts = new LongCounter();

    @Override
    public void open(Configuration parameters) {
      getRuntimeContext().addAccumulator("scores", scores);
      getRuntimeContext().addAccumulator("scoreChecksum", checksum);
      getRuntimeContext().addAccumulator("alerts", alerts);
    }

    @Override
    public void invoke(ScoreOut s, Context context) {
      scores.add(1);
      checksum.add(Outcome.scoreHash(s.sensor, s.ts, s.line, s.score, s.alert));
      if (s.alert) {
        alerts.add(1);
      }
    }
  }
}
