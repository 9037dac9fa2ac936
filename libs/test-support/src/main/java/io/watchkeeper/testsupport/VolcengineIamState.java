package io.watchkeeper.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@link VolcengineIamStub} holds and how each IAM action changes it, as EXTERNAL-APIS.md §5 and the
 * Volcengine SDK describe: users, their access keys (at most two, {@code AccessKeyLimitExceeded} beyond), console
 * logins and policies; a user is deleted only once it has none of them ({@code DeleteConflict}).
 */
public final class VolcengineIamState {

    public static final Set<String> SYSTEM_POLICIES =
            Set.of("ArkFullAccess", "TOSFullAccess", "IAMReadOnlyAccess", "BillingCenterReadOnlyAccess");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user as the cloud holds it. {@code loginAllowed} null: no login profile. */
    public static final class User {
        public final String id;
        public final String userName;
        public final String displayName;
        public volatile Boolean loginAllowed;
        public final Map<String, String> keys = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Set<String> policies = Collections.synchronizedSet(new LinkedHashSet<>());

        User(String id, String userName, String displayName, Boolean loginAllowed) {
            this.id = id;
            this.userName = userName;
            this.displayName = displayName;
            this.loginAllowed = loginAllowed;
        }
    }

    static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final Map<String, User> users = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> refusedNames = ConcurrentHashMap.newKeySet();
    private long nextId = 1_000_000;

    synchronized User addUser(String userName, Boolean loginAllowed, int keys) {
        User user = new User(String.valueOf(nextId++), userName, userName, loginAllowed);
        for (int i = 0; i < keys; i++) {
            user.keys.put(newKeyId(), "active");
        }
        users.put(userName, user);
        return user;
    }

    void removeUser(String userName) {
        users.remove(userName);
    }

    User user(String userName) {
        return users.get(userName);
    }

    void refuseName(String userName) {
        refusedNames.add(userName);
    }

    /** The {@code Result} of {@code action}, having made its change; a {@link Refusal} when the cloud would refuse it. */
    synchronized ObjectNode act(String action, Map<String, String> q) {
        ObjectNode result = JSON.createObjectNode();
        switch (action) {
            case "ListUsers" -> {
                int limit = Integer.parseInt(q.getOrDefault("Limit", "10"));
                int offset = Integer.parseInt(q.getOrDefault("Offset", "0"));
                List<User> all = new ArrayList<>(users.values());
                ArrayNode list = result.putArray("UserMetadata");
                all.stream().skip(offset).limit(limit).forEach(u -> list.addObject()
                        .put("Id", Long.parseLong(u.id))
                        .put("UserName", u.userName)
                        .put("DisplayName", u.displayName)
                        .put("Trn", "trn:iam::2100000000:user/" + u.userName));
                result.put("Total", all.size()).put("Limit", limit).put("Offset", offset);
            }
            case "CreateUser" -> {
                String name = require(q, "UserName");
                if (refusedNames.contains(name)) {
                    throw new Refusal(400, "InvalidParameter.UserName", "UserName " + name + " is not allowed");
                }
                if (users.containsKey(name)) {
                    throw new Refusal(409, "UserAlreadyExists", "user " + name + " already exists");
                }
                User user = new User(String.valueOf(nextId++), name, q.getOrDefault("DisplayName", name), null);
                users.put(name, user);
                result.putObject("User")
                        .put("Id", Long.parseLong(user.id))
                        .put("AccountId", 2100000000L)
                        .put("UserName", name)
                        .put("DisplayName", user.displayName)
                        .put("Trn", "trn:iam::2100000000:user/" + name)
                        .put("CreateDate", "20261205T000000Z");
            }
            case "CreateAccessKey" -> {
                User user = existing(q);
                if (user.keys.size() >= 2) {
                    throw new Refusal(409, "AccessKeyLimitExceeded", "a user has at most 2 access keys");
                }
                String id = newKeyId();
                user.keys.put(id, "active");
                result.putObject("AccessKey")
                        .put("AccessKeyId", id)
                        .put("SecretAccessKey", UUID.randomUUID().toString().replace("-", "") + "Sk")
                        .put("Status", "active")
                        .put("UserName", user.userName)
                        .put("CreateDate", "20261205T000000Z");
            }
            case "ListAccessKeys" -> {
                User user = existing(q);
                ArrayNode list = result.putArray("AccessKeyMetadata");
                new LinkedHashMap<>(user.keys).forEach((id, status) -> list.addObject()
                        .put("AccessKeyId", id)
                        .put("Status", status)
                        .put("UserName", user.userName)
                        .put("CreateDate", "20261205T000000Z"));
            }
            case "UpdateAccessKey" -> {
                User user = existing(q);
                String id = require(q, "AccessKeyId");
                String status = require(q, "Status");
                if (!user.keys.containsKey(id)) {
                    throw new Refusal(404, "AccessKeyNotExist", "access key " + id + " does not exist");
                }
                if (!status.equals("active") && !status.equals("inactive")) {
                    throw new Refusal(400, "InvalidParameter", "Status must be active or inactive");
                }
                user.keys.put(id, status);
            }
            case "GetLoginProfile" -> {
                User user = existing(q);
                if (user.loginAllowed == null) {
                    throw new Refusal(404, "LoginProfileNotExist", "user has no login profile");
                }
                result.putObject("LoginProfile")
                        .put("UserName", user.userName)
                        .put("LoginAllowed", user.loginAllowed)
                        .put("PasswordResetRequired", false);
            }
            case "UpdateLoginProfile" -> {
                User user = existing(q);
                if (user.loginAllowed == null) {
                    throw new Refusal(404, "LoginProfileNotExist", "user has no login profile");
                }
                user.loginAllowed = Boolean.parseBoolean(require(q, "LoginAllowed"));
            }
            case "AttachUserPolicy", "DetachUserPolicy" -> {
                User user = existing(q);
                String policy = require(q, "PolicyName");
                if (!SYSTEM_POLICIES.contains(policy)) {
                    throw new Refusal(404, "PolicyNotExist", "policy " + policy + " does not exist");
                }
                if (action.startsWith("Attach")) {
                    user.policies.add(policy);
                } else if (!user.policies.remove(policy)) {
                    throw new Refusal(404, "PolicyNotAttached", "policy " + policy + " is not attached");
                }
            }
            case "ListAttachedUserPolicies" -> {
                User user = existing(q);
                ArrayNode list = result.putArray("AttachedPolicyMetadata");
                new ArrayList<>(user.policies).forEach(p -> list.addObject()
                        .put("PolicyName", p)
                        .put("PolicyType", "System")
                        .put("PolicyTrn", "trn:iam::policy/" + p)
                        .put("AttachDate", "20261205T000000Z"));
            }
            case "DeleteAccessKey" -> {
                User user = existing(q);
                if (user.keys.remove(require(q, "AccessKeyId")) == null) {
                    throw new Refusal(
                            404, "AccessKeyNotExist", "access key " + q.get("AccessKeyId") + " does not exist");
                }
            }
            case "DeleteLoginProfile" -> {
                User user = existing(q);
                if (user.loginAllowed == null) {
                    throw new Refusal(404, "LoginProfileNotExist", "user has no login profile");
                }
                user.loginAllowed = null;
            }
            case "DeleteUser" -> {
                User user = existing(q);
                if (!user.keys.isEmpty() || !user.policies.isEmpty() || user.loginAllowed != null) {
                    throw new Refusal(
                            409, "DeleteConflict", "the user still has access keys, policies or a login profile");
                }
                users.remove(user.userName);
            }
            case "ListProjects" -> {
                ArrayNode list = result.putArray("Projects");
                list.addObject()
                        .put("ProjectName", "default")
                        .put("DisplayName", "默认项目")
                        .put("Status", "active");
                list.addObject()
                        .put("ProjectName", "airgate")
                        .put("DisplayName", "AirGate")
                        .put("Status", "active");
                result.put("Total", 2).put("Limit", 100).put("Offset", 0);
            }
            default -> throw new Refusal(404, "InvalidActionOrVersion", "unknown action " + action);
        }
        return result;
    }

    private User existing(Map<String, String> q) {
        User user = users.get(require(q, "UserName"));
        if (user == null) {
            throw new Refusal(404, "UserNotExist", "user " + q.get("UserName") + " does not exist");
        }
        return user;
    }

    private static String require(Map<String, String> q, String name) {
        String value = q.get(name);
        if (value == null || value.isEmpty()) {
            throw new Refusal(400, "MissingParameter", name + " is required");
        }
        return value;
    }

    private synchronized String newKeyId() {
        return "AKLT" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
