import { reject } from './errors';

/** A parsed container image reference. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

// Grammar from the distribution reference spec, reduced to what registries accept in practice.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = `(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::[0-9]+)?)`;
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/** Parses an image reference; undefined when it is not one. */
export function parseImage(image: string): ImageRef | undefined {
  const match = typeof image === 'string' ? REFERENCE.exec(image) : null;
  if (!match) return undefined;
  const [, repository, tag, digest] = match;
  return { repository, tag, digest };
}

/**
 * Why an image reference is not pinned, or undefined when it is: a tag other than `latest`, or a
 * digest. Shared by the constructs (which reject) and the policy plugin (which reports).
 */
export function unpinnedReason(ref: ImageRef): string | undefined {
  if (!ref.tag && !ref.digest) return 'pinned by a tag or a digest (an untagged image floats to \':latest\')';
  if (ref.tag === 'latest' && !ref.digest) return 'pinned by a tag other than \':latest\' or by a digest';
  return undefined;
}

/**
 * Parses an image reference and insists that it is pinned. A floating image makes a rollout
 * non-reproducible and a GitOps diff meaningless.
 */
export function parsePinnedImage(image: string, prop = 'image'): ImageRef {
  const ref = parseImage(image);
  if (!ref) {
    reject(prop, image, 'a container image reference such as \'registry.example.com/team/api:1.2.3\' '
      + 'or \'repo@sha256:<64 hex>\'');
  }
  const reason = unpinnedReason(ref);
  if (reason) reject(prop, image, reason);
  return ref;
}

/** The `app.kubernetes.io/version` value for an image: its tag, else a short form of its digest. */
export function versionOf(ref: ImageRef): string {
  if (ref.tag) return ref.tag;
  return `sha256-${ref.digest!.slice('sha256:'.length, 'sha256:'.length + 12)}`;
}
