package io.gaas.project;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gaas.user.AuthenticatedUser;
import io.gaas.user.CurrentUser;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/projects/{id}/members")
@Tag(name = "Projects")
class ProjectMemberController {

    private final ProjectMemberService memberService;

    ProjectMemberController(ProjectMemberService memberService) {
        this.memberService = memberService;
    }

    @GetMapping
    @Operation(summary = "List a project's members, newest first",
            description = "Its members and admins; anyone else: 404.")
    PageResponse<ProjectMemberResponse> list(@CurrentUser AuthenticatedUser caller, @PathVariable UUID id,
            @Parameter(description = PageRequests.PAGE_DESCRIPTION) @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + PageRequests.DEFAULT_SIZE) int size) {
        return memberService.list(caller, id, page, size);
    }

    @PutMapping("/{username}")
    @Operation(summary = "Add a member, or replace a member's role and cap",
            description = "The project's MANAGERs and admins. PUT replaces: an absent capHours means no cap; the "
                    + "window and what was spent in it stay. A user added again after a removal starts a new window. "
                    + "A plain member: 403 FORBIDDEN; a manager granting MANAGER or changing a manager: 403 "
                    + "FORBIDDEN (only admins do); an unknown user: 404.")
    @ApiResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = ProjectMemberResponse.class)))
    @ApiResponse(responseCode = "201", description = "Added",
            content = @Content(schema = @Schema(implementation = ProjectMemberResponse.class)))
    ResponseEntity<ProjectMemberResponse> put(@CurrentUser AuthenticatedUser caller, @PathVariable UUID id,
            @Parameter(example = "alice") @PathVariable String username, @Valid @RequestBody PutMemberRequest request) {
        ProjectMemberService.MemberChange change = memberService.put(caller, id, username, request);
        return ResponseEntity.status(change.added() ? HttpStatus.CREATED : HttpStatus.OK).body(change.member());
    }

    @DeleteMapping("/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member",
            description = "The project's MANAGERs and admins; a manager is removed by admins only (403 FORBIDDEN "
                    + "otherwise). The member's jobs go on, charged to the project. Not a member, or an unknown "
                    + "user: 404.")
    @ApiResponse(responseCode = "204", description = "Removed")
    void remove(@CurrentUser AuthenticatedUser caller, @PathVariable UUID id,
            @Parameter(example = "alice") @PathVariable String username) {
        memberService.remove(caller, id, username);
    }
}
