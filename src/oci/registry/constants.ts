/** Wire-format names of the distribution spec that are not plain HTTP. */

/** Digest of the content a registry returned or stored (distribution spec §"Pulling manifests"). */
export const DOCKER_CONTENT_DIGEST = 'docker-content-digest';
/** Set on a manifest PUT when the registry indexed the manifest's subject (spec 1.1). */
export const OCI_SUBJECT = 'oci-subject';
/** Separator of the referrers tag schema: `<alg>-<hex>` (spec 1.1 §"Referrers Tag Schema"). */
export const REFERRERS_TAG_SEPARATOR = '-';
/** Bytes a blob upload carries (distribution spec §"Pushing blobs"). */
export const UPLOAD_CONTENT_TYPE = 'application/octet-stream';
