import type { GenExtension, GenFile, GenMessage } from "@bufbuild/protobuf/codegenv2";
import type { MethodOptions } from "@bufbuild/protobuf/wkt";
import type { Message } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/auth/v1/access.proto.
 */
export declare const file_agentbase_auth_v1_access: GenFile;
/**
 * What a method requires of its caller, declared beside the method in the
 * contract. The server reads it from the descriptor set and refuses a call
 * to any method that lacks it; a test fails when one does.
 *
 * @generated from message agentbase.auth.v1.AccessRule
 */
export type AccessRule = Message<"agentbase.auth.v1.AccessRule"> & {
    /**
     * The scope a caller's token needs, e.g. `sessions.read`.
     *
     * @generated from field: string scope = 1;
     */
    scope: string;
    /**
     * The kind of resource the method reads or changes, as audit events name
     * it (`session`, `memory`, `label`, …); the audit trail takes the
     * resource's id from the request's `<resource>_id` field.
     *
     * @generated from field: string resource = 2;
     */
    resource: string;
    /**
     * When set, a request whose `user_id` is empty spans every user's data
     * and needs this scope instead of `scope`.
     *
     * @generated from field: string cross_user_needs = 3;
     */
    crossUserNeeds: string;
    /**
     * Whether the method changes nothing. A read is never audited, and the
     * token's actor is not stamped into its request.
     *
     * @generated from field: bool read_only = 4;
     */
    readOnly: boolean;
};
/**
 * Describes the message agentbase.auth.v1.AccessRule.
 * Use `create(AccessRuleSchema)` to create a new message.
 */
export declare const AccessRuleSchema: GenMessage<AccessRule>;
/**
 * The access rule of the method (field numbers 50000–99999 are for an
 * organisation's own options).
 *
 * @generated from extension: agentbase.auth.v1.AccessRule access = 51001;
 */
export declare const access: GenExtension<MethodOptions, AccessRule>;
