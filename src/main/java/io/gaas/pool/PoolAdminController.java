package io.gaas.pool;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/admin/pools")
@Tag(name = "Pools")
class PoolAdminController {

    private final PoolService poolService;

    PoolAdminController(PoolService poolService) {
        this.poolService = poolService;
    }

    @PostMapping
    @Operation(summary = "Create a pool (ADMIN)",
            description = "weight defaults to 1; gpus (no limit) and autoApproveHours (no auto-approval) to null. "
                    + "A name that exists in any case: 409 POOL_NAME_TAKEN.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "/api/v1/pools/{name}", schema = @Schema(type = "string")))
    ResponseEntity<PoolResponse> create(@RequestBody CreatePoolRequest request) {
        PoolResponse pool = poolService.create(request);
        return ResponseEntity.created(URI.create("/api/v1/pools/" + pool.name())).body(pool);
    }

    @PatchMapping("/{name}")
    @Operation(summary = "Change a pool (ADMIN)",
            description = "Any subset of description, gpus, weight, autoApproveHours, enabled. An absent field is "
                    + "unchanged; a field sent as null is cleared (gpus: null means no limit). A new weight applies "
                    + "to jobs submitted afterwards. gpus may go below gpusInUse: running jobs go on.")
    PoolResponse update(@Parameter(example = "a100") @PathVariable String name,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = UpdatePoolRequest.Document.class)))
            @RequestBody UpdatePoolRequest request) {
        return poolService.update(name, request);
    }
}
