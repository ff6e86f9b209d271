package io.beamwise.testing;

import java.lang.reflect.Method;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Runs a JUnit 5 (Jupiter) test through Beam's {@link TestPipeline} JUnit 4 rule.
 *
 * <p>Beam 2.62 ships {@code TestPipeline} only as a JUnit 4 {@code TestRule}. This extension
 * creates a fresh {@code TestPipeline} per test, hands it to the test as a method parameter, and
 * wraps the test body in {@link TestPipeline#apply(Statement, Description)}, so Beam's own
 * checks stay on: a pipeline that was built but never run, or a {@code PAssert} left on an
 * abandoned node, fails the test exactly as it would under JUnit 4.
 *
 * <pre>{@code
 * @ExtendWith(TestPipelineExtension.class)
 * class MyTransformTest {
 *   @Test
 *   void countsWords(TestPipeline p) {
 *     PAssert.that(p.apply(Create.of("a", "b")).apply(Count.globally())).containsInAnyOrder(2L);
 *     p.run();
 *   }
 * }
 * }</pre>
 *
 * <p>Options come from the {@code beamTestPipelineOptions} system property, as for
 * {@code TestPipeline.create()}; the default runner is the DirectRunner.
 */
public class TestPipelineExtension implements ParameterResolver, InvocationInterceptor {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestPipelineExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return pipelineFor(context);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runThroughRule(invocation, context);
  }

  /** Parameterized and repeated tests, too. */
  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runThroughRule(invocation, context);
  }

  private static void runThroughRule(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    TestPipeline pipeline = pipelineFor(context);
    Description description =
        Description.createTestDescription(
            context.getRequiredTestClass(), context.getRequiredTestMethod().getName());
    Statement body =
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        };
    pipeline.apply(body, description).evaluate();
  }

  /** One pipeline per test invocation, created on first use. */
  private static TestPipeline pipelineFor(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            context.getUniqueId(), id -> TestPipeline.create(), TestPipeline.class);
  }
}
