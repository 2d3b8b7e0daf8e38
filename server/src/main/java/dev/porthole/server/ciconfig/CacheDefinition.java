package dev.porthole.server.ciconfig;

import java.util.List;

/**
 * Files a job keeps on its runner between jobs ({@code cache}).
 *
 * @param key the key; null when made from {@code keyFiles}
 * @param keyFiles {@code key:files}: the key is a hash of these files
 * @param keyPrefix {@code key:prefix}, or null
 * @param policy {@code pull-push}, {@code pull} or {@code push}
 * @param when {@code on_success}, {@code on_failure} or {@code always}
 */
public record CacheDefinition(
        String key,
        List<String> keyFiles,
        String keyPrefix,
        List<String> paths,
        boolean untracked,
        String policy,
        String when,
        List<String> fallbackKeys) {}
