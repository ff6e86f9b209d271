/**
 * The Contextual Anomaly Detector (CAD OSE, M. Smirnov and V. Grinyov 2016, as NAB runs it in
 * {@code nab/detectors/context_ose}, MIT at NAB commit ea702d75): {@link
 * io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector} and the package-private parts it is
 * made of.
 */
package io.beamwise.anomaly.detectors.cad;
