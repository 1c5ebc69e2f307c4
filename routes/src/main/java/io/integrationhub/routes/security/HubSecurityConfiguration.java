package io.integrationhub.routes.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

import io.integrationhub.routes.secrets.Secrets;

/**
 * Public: the services' REST APIs (except the operations each application declares as protected endpoints, e.g.
 * the partner write API and fault injection) and health. Operator only: Hawtio (it detects Spring Security and uses
 * this login), Jolokia, the rest of actuator, {@code /admin/} APIs and the operator pages under {@code /admin/}. The JSON APIs are stateless and skip CSRF; the
 * console keeps it, with the token in a cookie Hawtio reads. Every refusal is a problem+json document.
 */
@AutoConfiguration(before = { SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class })
@EnableConfigurationProperties(HubSecurityProperties.class)
public class HubSecurityConfiguration {

    static final String OPERATOR = "admin";
    static final String PARTNER = "partner";
    static final String[] OPERATOR_ONLY = { "/actuator/**", "/api/*/admin/**", "/partners/api/*/admin/**",
        "/admin/**" };
    private static final String[] API = { "/api/**", "/partners/api/**" };
    private static final String[] PUBLIC = { "/actuator/health", "/actuator/health/**", "/actuator/info", "/api/**",
            "/partners/api/**", "/error" };

    @Bean
    SecurityProblems securityProblems() {
        return new SecurityProblems("integration hub");
    }

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, HubSecurityProperties properties, SecurityProblems problems)
            throws Exception {
        if (properties.isManagementOpen()) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        } else {
            http.authorizeHttpRequests(auth -> {
                auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(OPERATOR_ONLY).hasRole(OPERATOR);
                properties.getProtectedEndpoints().values().forEach(endpoint -> endpoint.methods().forEach(
                        method -> auth.requestMatchers(HttpMethod.valueOf(method), endpoint.paths().toArray(String[]::new))
                                .hasAnyRole(endpoint.roles().toArray(String[]::new))));
                auth.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated();
            });
        }
        return http
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .formLogin(form -> form
                        // a login opened directly at /login lands in the console, not on "/" (a 404); a login Spring
                        // asked for on the way to a page still returns to that page
                        .defaultSuccessUrl("/actuator/hawtio/"))
                .exceptionHandling(handling -> handling
                        // the JSON APIs never redirect to the login form, whatever the client accepts
                        .defaultAuthenticationEntryPointFor(problems, apiMatcher())
                        .accessDeniedHandler(problems))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(API))
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .build();
    }

    private static RequestMatcher apiMatcher() {
        return request -> {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            return path.startsWith("/api/") || path.startsWith("/partners/api/");
        };
    }

    @Bean
    UserDetailsService operators(HubSecurityProperties properties, PasswordEncoder passwordEncoder) {
        String password = Secrets.require(properties.getAdminPassword(), "HUB_ADMIN_PASSWORD",
                "Operator password of user '" + properties.getAdminUser() + "'", !properties.isRequireSecrets());
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername(properties.getAdminUser())
                .password(passwordEncoder.encode(password))
                .roles(OPERATOR, "viewer")
                .build());
        if (!properties.getPartnerPassword().isBlank()) {
            users.add(User.withUsername(properties.getPartnerUser())
                    .password(passwordEncoder.encode(properties.getPartnerPassword()))
                    .roles(PARTNER)
                    .build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * No observation around each of Spring Security's filters, authorization and authentication: a JFR profile of order
     * intake (benchmarks/run.sh) showed an observation started and stopped around every one of the chain's filters on
     * every request, and nothing reads them — {@code http.server.requests} (the request as a whole, with its
     * histogram) stays.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @ConditionalOnProperty(name = "hub.security.management-open", havingValue = "true")
    OpenConsolesNotice openConsolesNotice(Environment environment) {
        return new OpenConsolesNotice(environment);
    }
}
