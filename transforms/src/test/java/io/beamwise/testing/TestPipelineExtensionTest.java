package io.beamwise.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/**
 * Runs small test classes through the Jupiter engine and checks that the extension keeps Beam's
 * TestPipeline enforcement: the nested classes are not picked up by Surefire on their own.
 */
class TestPipelineExtensionTest {

  @Test
  void passingPipelineTestPasses() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(RunsItsPipeline.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  @Test
  void failingAssertionFailsTheTest() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(WrongAssertion.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).failed(1));
  }

  @Test
  void pipelineNeverRunFailsTheTest() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(ForgetsToRun.class))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            EventConditions.finishedWithFailure(
                TestExecutionResultConditions.message(m -> m.contains("has not been run"))));
  }

  @Test
  void eachTestGetsAFreshPipeline() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(TwoTests.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));
  }

  @ExtendWith(TestPipelineExtension.class)
  static class RunsItsPipeline {
    @Test
    void counts(TestPipeline p) {
      PCollection<Long> count = p.apply(Create.of("a", "b", "c")).apply(Count.globally());
      PAssert.thatSingleton(count).isEqualTo(3L);
      p.run();
    }
  }

  @ExtendWith(TestPipelineExtension.class)
  static class WrongAssertion {
    @Test
    void counts(TestPipeline p) {
      PCollection<Long> count = p.apply(Create.of("a", "b", "c")).apply(Count.globally());
      PAssert.thatSingleton(count).isEqualTo(4L);
      p.run();
    }
  }

  @ExtendWith(TestPipelineExtension.class)
  static class ForgetsToRun {
    @Test
    void buildsButDoesNotRun(TestPipeline p) {
      PAssert.that(p.apply(Create.of(1, 2))).containsInAnyOrder(1, 2);
    }
  }

  @ExtendWith(TestPipelineExtension.class)
  static class TwoTests {
    @Test
    void first(TestPipeline p) {
      PAssert.that(p.apply("Same name", Create.of(1))).containsInAnyOrder(1);
      p.run();
    }

    @Test
    void second(TestPipeline p) {
      PAssert.that(p.apply("Same name", Create.of(2))).containsInAnyOrder(2);
      p.run();
    }
  }
}
