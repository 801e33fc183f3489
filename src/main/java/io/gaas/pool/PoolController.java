package io.gaas.pool;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/pools")
@Tag(name = "Pools")
class PoolController {

    private final PoolService poolService;

    PoolController(PoolService poolService) {
        this.poolService = poolService;
    }

    @GetMapping
    @Operation(summary = "List pools, ordered by name", description = "Any signed-in user.")
    PageResponse<PoolResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return poolService.list(page, size);
    }

    @GetMapping("/{name}")
    @Operation(summary = "Get a pool", description = "Any signed-in user. The name in any case.")
    PoolResponse get(@Parameter(example = "a100") @PathVariable String name) {
        return poolService.get(name);
    }
}
