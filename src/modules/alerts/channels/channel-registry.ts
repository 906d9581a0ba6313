/**
 * The alert-channel registry (告警通道注册表): the one list of channel kinds — their Chinese
 * labels, target forms and senders. Channel validation, the OpenAPI enums, target sealing and
 * masking, and deliveries read it.
 */
import { KindRegistry } from '../../../common/kind-registry';
import { AlertChannelKind, CHANNEL_KIND } from './alert-channel-kind';
import { BUILT_IN_CHANNEL_KINDS } from '.';

export class ChannelKindRegistry extends KindRegistry<AlertChannelKind> {
  constructor(builtIns: readonly AlertChannelKind[] = BUILT_IN_CHANNEL_KINDS) {
    super('alert channel kind', CHANNEL_KIND, builtIns);
  }

  /** Whether a kind's target is a credential (encrypted, masked); a kind no longer registered counts as one. */
  hasSecretTarget(kind: string): boolean {
    return this.get(kind)?.target.secret ?? true;
  }
}

/** The application's registry: the built-ins (index.ts); `channelRegistry.add(kind)` registers one more. */
export const channelRegistry = new ChannelKindRegistry();
