namespace MakCrm.Domain.Integrations;

/// <summary>Whether a connection to amoCRM may call the account.</summary>
public enum AmoCrmConnectionState
{
    /// <summary>It calls the account.</summary>
    Active,

    /// <summary>An OAuth refresh failed or its answer was lost: an admin must connect the account again.</summary>
    NeedsReauth,

    /// <summary>amoCRM answered with its blocked-account page: nothing is sent until its support lifts it.</summary>
    Blocked,
}

/// <summary>How a connection signs in to amoCRM.</summary>
public enum AmoCrmAuthKind
{
    /// <summary>A private integration's long-lived token.</summary>
    LongLived,

    /// <summary>OAuth 2.0: an access token refreshed with one-time refresh tokens.</summary>
    Oauth,
}
