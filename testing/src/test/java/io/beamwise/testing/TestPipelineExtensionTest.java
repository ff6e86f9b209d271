package io.beamwise.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/**
 * Runs small test classes through the Jupiter engine and checks that the extension keeps Beam's
 * TestPipeline enforcement: the nested classes are not picked up by Surefire on their own.
 */
class TestPipelineExtensionTest {

  /** Runs a fixture class; only here are fixtures enabled (see {@link OnlyAsFixture}). */
  private static EngineTestKit.Builder fixture(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyAsFixture.PARAMETER, "true")
        .selectors(selectClass(testClass));
  }

  @Test
  void passingPipelineTestPasses() {
    fixture(RunsItsPipeline.class)
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  @Test
  void failingAssertionFailsTheTest() {
    fixture(WrongAssertion.class)
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).failed(1));
  }

  @Test
  void pipelineNeverRunFailsTheTest() {
    fixture(ForgetsToRun.class)
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            EventConditions.finishedWithFailure(
                TestExecutionResultConditions.message(m -> m.contains("has not been run"))));
  }

  @Test
  void parameterizedTestsAreRunThroughTheRuleToo() {
    fixture(ParameterizedForgetsToRun.class)
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).failed(2));
  }

  @Test
  void eachTestGetsAFreshPipeline() {
    fixture(TwoTests.class)
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));
  }

  @OnlyAsFixture
  @ExtendWith(TestPipelineExtension.class)
  static class RunsItsPipeline {
    @Test
    void counts(TestPipeline p) {
      PCollection<Long> count = p.apply(Create.of("a", "b", "c")).apply(Count.globally());
      PAssert.thatSingleton(count).isEqualTo(3L);
      p.run();
    }
  }

  @OnlyAsFixture
  @ExtendWith(TestPipelineExtension.class)
  static class WrongAssertion {
    @Test
    void counts(TestPipeline p) {
      PCollection<Long> count = p.apply(Create.of("a", "b", "c")).apply(Count.globally());
      PAssert.thatSingleton(count).isEqualTo(4L);
      p.run();
    }
  }

  @OnlyAsFixture
  @ExtendWith(TestPipelineExtension.class)
  static class ForgetsToRun {
    @Test
    void buildsButDoesNotRun(TestPipeline p) {
      PAssert.that(p.apply(Create.of(1, 2))).containsInAnyOrder(1, 2);
    }
  }

  @OnlyAsFixture
  @ExtendWith(TestPipelineExtension.class)
  static class ParameterizedForgetsToRun {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void buildsButDoesNotRun(int value, TestPipeline p) {
      PAssert.that(p.apply(Create.of(value))).containsInAnyOrder(value);
    }
  }

  @OnlyAsFixture
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

  /**
   * Marks a fixture class: disabled unless run by the tests above, so running the test suite with
   * a {@code -Dtest} filter (which also picks up nested classes) does not run the deliberately
   * failing fixtures.
   */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @ExtendWith(OnlyAsFixture.Condition.class)
  @interface OnlyAsFixture {
    String PARAMETER = "beamwise.fixture";

    /** Enables the fixture only when the engine was given {@link #PARAMETER} = true. */
    class Condition implements ExecutionCondition {
      @Override
      public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
            ? ConditionEvaluationResult.enabled("run as a fixture")
            : ConditionEvaluationResult.disabled("a fixture of TestPipelineExtensionTest");
      }
    }
  }
}
