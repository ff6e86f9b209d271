/**
 * Prototype detectors measured by {@link io.beamwise.benchmarks.DetectorPrototypes} before any of
 * them is made a library detector. They keep no coded state and never run in a pipeline.
 */
package io.beamwise.benchmarks.prototypes;
