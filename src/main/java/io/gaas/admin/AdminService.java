package io.gaas.admin;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.quota.AdjustQuotaRequest;
import io.gaas.quota.QuotaService;
import io.gaas.user.AuthenticatedUser;
import io.gaas.user.UserResponse;
import io.gaas.user.UserService;

/** An admin's changes that span features; it owns no data of its own. */
@Service
class AdminService {

    private final UserService users;
    private final QuotaService quota;

    AdminService(UserService users, QuotaService quota) {
        this.users = users;
        this.quota = quota;
    }

    /** Adds (or withdraws) hours; a withdrawal below 0 is refused and changes nothing. */
    @Transactional
    UserResponse adjustQuota(AuthenticatedUser admin, UUID userId, AdjustQuotaRequest request) {
        quota.adjust(userId, request.deltaHours(), request.note(), admin.username());
        return users.view(userId);
    }
}
