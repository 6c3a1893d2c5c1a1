package io.atrium.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the directory maps identity-provider data.
 *
 * @param subjectAttribute the SCIM user attribute whose value is the {@code sub} of that user's tokens:
 *     {@code user-name} (default, SCIM {@code userName}; Okta and most IdPs put the login name in tokens) or {@code external-id} (SCIM {@code externalId}, for IdPs
 *     whose tokens carry an object id, e.g. Entra ID's {@code oid})
 */
@ConfigurationProperties("atrium.directory")
public record DirectoryProperties(@DefaultValue("user-name") SubjectAttribute subjectAttribute) {

    public enum SubjectAttribute {
        /** SCIM {@code userName}. */
        USER_NAME,
        /** SCIM {@code externalId}. */
        EXTERNAL_ID
    }
}
