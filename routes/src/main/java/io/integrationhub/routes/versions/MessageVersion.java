package io.integrationhub.routes.versions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.integrationhub.routes.messaging.PoisonMessageException;

/** A payload version {@code <major>.<minor>} (a major bump is incompatible, a minor one adds optional fields only). */
public record MessageVersion(int major, int minor) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");
    /** A message without a version is taken as 1.0 (tolerant reader: the hub's first messages had none). */
    public static final MessageVersion UNVERSIONED = new MessageVersion(1, 0);

    /** @throws PoisonMessageException when the header is not {@code <major>.<minor>}: no retry can fix it */
    public static MessageVersion parse(String version) {
        if (version == null || version.isBlank()) {
            return UNVERSIONED;
        }
        Matcher matcher = FORMAT.matcher(version.trim());
        if (!matcher.matches()) {
            throw new PoisonMessageException("messageVersion '" + version + "' is not <major>.<minor>");
        }
        return new MessageVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** The first version of a major: what a producer writes and an upcaster produces. */
    public static MessageVersion of(int major) {
        return new MessageVersion(major, 0);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
