import { detectorRegistry } from './detector-registry';
import type { DetectedFinding, Detector, DetectorContext, DetectorInput, DetectorInputs, FindingKind } from './types';

/** The kinds of the registered detectors that read an input. */
export function kindsReading(input: DetectorInput): FindingKind[] {
  return detectorRegistry.reading(input).map((d) => d.kind);
}

/** Every registered detector that reads `input`, over `items`; a detector answers for its own kind only. */
export function evaluateAll<I extends DetectorInput>(input: I, items: DetectorInputs[I][], context: DetectorContext): DetectedFinding[] {
  return detectorRegistry.reading(input).flatMap((detector: Detector<I>) => {
    const found = detector.evaluate(items, context);
    const stray = found.find((f) => f.kind !== detector.kind);
    if (stray) throw new Error(`detector ${detector.kind} returned a finding of kind ${stray.kind}`);
    return found;
  });
}
