package dev.porthole.server.project;

/** A change to a project's members that the rules do not allow; {@link #reason()} tells APIs which answer fits. */
public class MemberException extends ProjectException {
    private static final long serialVersionUID = 1L;

    /** Why a change to the members was refused. */
    public enum Reason {
        /** Adding someone who is a member already. */
        ALREADY_MEMBER,
        /** Changing or removing someone who is not a member. */
        NOT_MEMBER,
        /** The change would leave the project without an owner. */
        LAST_OWNER,
        /** Only owners may give the Owner role, or change or remove an owner. */
        OWNERS_ONLY,
        /** The level is not a role a member can have. */
        NOT_A_ROLE
    }

    private final Reason reason;

    public MemberException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
