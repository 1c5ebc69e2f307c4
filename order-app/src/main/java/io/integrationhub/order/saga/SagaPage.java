package io.integrationhub.order.saga;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/v1/admin/sagas}: a page of sagas, newest first (SagaAdminRoute). */
@Schema(name = "SagaPage", requiredProperties = { "sagas", "page", "size", "total" })
public record SagaPage(List<SagaSummary> sagas, int page, int size, long total) {
}
