/**
 * The detector registry (检测器注册表): the one list of finding kinds — their Chinese labels,
 * severities, inputs and pure `evaluate` functions. Scans run what it holds; the `kind`
 * filter, the OpenAPI enums, alert texts and the quarterly report read it.
 */
import { KindRegistry } from '../../../common/kind-registry';
import { BUILT_IN_DETECTORS } from '.';
import { Detector, DetectorInput, FINDING_KIND } from './types';

export class DetectorRegistry extends KindRegistry<Detector> {
  constructor(builtIns: readonly Detector[] = BUILT_IN_DETECTORS) {
    super('detector', FINDING_KIND, builtIns);
  }

  /** The detectors that read an input, in registration order. */
  reading<I extends DetectorInput>(input: I): Detector<I>[] {
    return this.list().filter((d): d is Detector<I> => d.input === input);
  }
}

/**
 * The application's registry: the built-ins (index.ts). `detectorRegistry.add(detector)`
 * before the application starts registers one more (test/e2e/detector-registry.e2e-spec.ts).
 */
export const detectorRegistry = new DetectorRegistry();
