package io.integrationhub.routes.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The processed messages of whichever route uses it, in one service schema: the processor name is the id of the route
 * the exchange came from. A route template's local repository cannot know its route's id when it is created (the id
 * is given to the templated route, not to the template's beans), so it finds out on each message.
 */
class RouteProcessedMessages extends ServiceSupport implements IdempotentRepository {

    private final Function<String, IdempotentRepository> repositoryOfRoute;
    private final Map<String, IdempotentRepository> repositories = new ConcurrentHashMap<>();

    RouteProcessedMessages(Function<String, IdempotentRepository> repositoryOfRoute) {
        this.repositoryOfRoute = repositoryOfRoute;
    }

    private IdempotentRepository of(Exchange exchange) {
        return repositories.computeIfAbsent(exchange.getFromRouteId(), route -> {
            IdempotentRepository repository = repositoryOfRoute.apply(route);
            ServiceHelper.startService(repository);
            return repository;
        });
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        return of(exchange).add(exchange, key);
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return of(exchange).contains(exchange, key);
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        return of(exchange).remove(exchange, key);
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        return of(exchange).confirm(exchange, key);
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("keys belong to a route: use the exchange's variant");
    }

    @Override
    public boolean contains(String key) {
        throw new UnsupportedOperationException("keys belong to a route: use the exchange's variant");
    }

    @Override
    public boolean remove(String key) {
        throw new UnsupportedOperationException("keys belong to a route: use the exchange's variant");
    }

    @Override
    public boolean confirm(String key) {
        throw new UnsupportedOperationException("keys belong to a route: use the exchange's variant");
    }

    @Override
    public void clear() {
        repositories.values().forEach(IdempotentRepository::clear);
    }

    @Override
    protected void doStop() {
        repositories.values().forEach(ServiceHelper::stopService);
        repositories.clear();
    }
}
