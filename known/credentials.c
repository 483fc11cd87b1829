/*
 * credentials.c: files that hold credentials, in a home (relative to it)
 * and on the system, with what reading one gives (checks/credentials.c).
 * Names from the tools' own documentation: Docker config.json, AWS CLI
 * credentials, kubeconfig, netrc(5), git-credential-store, pgpass,
 * MySQL option files, gcloud, Azure CLI, gh, Vault, Terraform, npmrc,
 * pypirc; shadow(5), gshadow(5), pam_pwhistory(8).
 */
#include <stddef.h>

#include "known/known.h"

const struct known_cred_file known_cred_home_files[] = {
	{ ".docker/config.json", SEV_HIGH, "container registry credentials "
	    "(Docker config.json)" },
	{ ".aws/credentials", SEV_HIGH, "AWS access keys" },
	{ ".kube/config", SEV_HIGH, "Kubernetes cluster credentials "
	    "(kubeconfig)" },
	{ ".netrc", SEV_HIGH, "machine logins and passwords (netrc)" },
	{ ".git-credentials", SEV_HIGH, "git credentials stored in clear "
	    "text (git-credential-store)" },
	{ ".pgpass", SEV_HIGH, "PostgreSQL passwords (pgpass)" },
	{ ".my.cnf", SEV_HIGH, "MySQL client password (option file)" },
	{ ".config/gcloud/credentials.db", SEV_HIGH, "Google Cloud "
	    "credentials (gcloud)" },
	{ ".config/gcloud/access_tokens.db", SEV_HIGH, "Google Cloud access "
	    "tokens (gcloud)" },
	{ ".config/gcloud/application_default_credentials.json", SEV_HIGH,
	    "Google Cloud application default credentials" },
	{ ".azure/accessTokens.json", SEV_HIGH, "Azure CLI access tokens" },
	{ ".azure/msal_token_cache.json", SEV_HIGH, "Azure CLI token cache" },
	{ ".config/gh/hosts.yml", SEV_HIGH, "GitHub CLI token" },
	{ ".vault-token", SEV_HIGH, "HashiCorp Vault token" },
	{ ".terraform.d/credentials.tfrc.json", SEV_HIGH, "Terraform Cloud "
	    "token" },
	{ ".npmrc", SEV_MEDIUM, "npm registry token (.npmrc)" },
	{ ".pypirc", SEV_MEDIUM, "PyPI upload credentials (.pypirc)" },
	{ ".bash_history", SEV_LOW, "shell history (may hold secrets typed "
	    "on command lines)" },
	{ ".zsh_history", SEV_LOW, "shell history (may hold secrets typed on "
	    "command lines)" },
	{ ".mysql_history", SEV_LOW, "MySQL client history" },
	{ ".psql_history", SEV_LOW, "PostgreSQL client history" },
	{ NULL, SEV_INFO, NULL },
};

const struct known_cred_file known_cred_system_files[] = {
	{ "/etc/shadow", SEV_HIGH, "password hashes of every account: "
	    "offline cracking" },
	{ "/etc/shadow-", SEV_HIGH, "the backup of /etc/shadow: password "
	    "hashes of every account" },
	{ "/etc/gshadow", SEV_MEDIUM, "group password hashes and group "
	    "administrators" },
	{ "/etc/gshadow-", SEV_MEDIUM, "the backup of /etc/gshadow" },
	{ "/etc/security/opasswd", SEV_MEDIUM, "old password hashes kept by "
	    "pam_pwhistory" },
	{ NULL, SEV_INFO, NULL },
};
