package io.integrationhub.routes.yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's folder of {@code *.camel.yaml} routes. Each application declares its own, so in embedded mode (both
 * services in one JVM) each still has its own folder; Camel's single {@code camel.main.routes-reload-directory}
 * could watch only one of them, hence one {@link RouteWatcherReloadStrategy} per folder here.
 *
 * <p>Only the routes of a changed file are reloaded ({@code removeAllRoutes=false}): with Camel's default, editing one
 * YAML file removes every route, Java ones included. An invalid file keeps the previous version of its routes.
 */
public class YamlRoutesFolder implements CamelContextConfiguration {

    static final String PATTERN = "*.camel.yaml";
    private static final Logger log = LoggerFactory.getLogger(YamlRoutesFolder.class);

    private final String service;
    private final String location;
    private final boolean reload;

    /**
     * @param service  name for logs and errors, e.g. {@code partner-adapters}
     * @param location {@code classpath:some/folder} (shipped, read-only) or {@code file:/some/folder} (editable)
     * @param reload   watch a {@code file:} folder and reload a route when its file changes (dev profile)
     */
    public YamlRoutesFolder(String service, String location, boolean reload) {
        this.service = service;
        this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.reload = reload;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        try {
            Collection<Resource> resources = resources(context);
            PluginHelper.getRoutesLoader(context).loadRoutes(resources);
            log.info("{}: loaded {} YAML route file(s) from {}", service, resources.size(), location);
            if (reload && isFolderOnDisk()) {
                RouteWatcherReloadStrategy watcher = new RouteWatcherReloadStrategy(folder().toString(), false);
                watcher.setPattern(PATTERN);
                watcher.setRemoveAllRoutes(false);
                context.addService(watcher);
                log.info("{}: reloading YAML routes on change in {}", service, folder());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(service + ": cannot load YAML routes from " + location + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    private Collection<Resource> resources(CamelContext context) throws Exception {
        if (!isFolderOnDisk()) {
            return PluginHelper.getPackageScanResourceResolver(context).findResources(location + "/" + PATTERN);
        }
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            String relative = Path.of(location.substring("file:".length())).isAbsolute() ? ""
                    : " (" + location + " is relative to the working directory: the dev profile reads the routes from"
                            + " the source tree, so start it from the repository's root, e.g. ./run-embedded.sh)";
            throw new IllegalStateException("YAML routes folder " + folder + " does not exist" + relative + "; set "
                    + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_ROUTES to the folder of "
                    + service + "'s *.camel.yaml routes");
        }
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                resources.add(ResourceHelper.resolveResource(context, "file:" + file));
            }
        }
        return resources;
    }

    private boolean isFolderOnDisk() {
        return location.startsWith("file:");
    }

    private Path folder() {
        return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
    }
}
