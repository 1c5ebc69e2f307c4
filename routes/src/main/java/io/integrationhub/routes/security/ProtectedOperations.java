package io.integrationhub.routes.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.util.AntPathMatcher;

/**
 * Which roles an operation needs, answered from the same rules {@link HubSecurityConfiguration} enforces (operator
 * paths and each application's protected endpoints), so the API documents cannot drift from the filter chain.
 * An empty answer means the operation is public.
 */
public class ProtectedOperations {

    private final AntPathMatcher paths = new AntPathMatcher();
    private final HubSecurityProperties properties;

    public ProtectedOperations(HubSecurityProperties properties) {
        this.properties = properties;
    }

    /** @param path a path template such as {@code /partners/api/v1/consumers/{consumerId}} */
    public Set<String> rolesFor(String method, String path) {
        Set<String> roles = new LinkedHashSet<>();
        for (String pattern : HubSecurityConfiguration.OPERATOR_ONLY) {
            if (paths.match(pattern, path)) {
                roles.add(HubSecurityConfiguration.OPERATOR);
                return roles;
            }
        }
        for (HubSecurityProperties.ProtectedEndpoint endpoint : properties.getProtectedEndpoints().values()) {
            boolean methodMatches = endpoint.methods().stream()
                    .anyMatch(m -> m.toUpperCase(Locale.ROOT).equals(method.toUpperCase(Locale.ROOT)));
            if (methodMatches && endpoint.paths().stream().anyMatch(p -> paths.match(p, path))) {
                roles.addAll(endpoint.roles());
            }
        }
        return roles;
    }

    /** The roles as the documents name them. */
    public static String describe(Set<String> roles) {
        return String.join(" or ", List.copyOf(roles));
    }
}
