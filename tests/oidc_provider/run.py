"""Start the test OpenID Connect provider: migrate its SQLite file, create the users and the
client (Styrsam), print READY and serve on 127.0.0.1:PORT until killed.

    python -m tests.oidc_provider.run PORT DATA_DIR CONFIG_JSON
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> None:
    port, data_dir, config = int(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = str(data_dir / "provider.sqlite3")
    os.environ["OIDC_PROVIDER_KEY_FILE"] = str(data_dir / "provider-key.pem")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for user in config["users"]:
        get_user_model().objects.create_user(**user)
    Application.objects.create(
        name="Styrsam",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=config["redirect_uri"],
        post_logout_redirect_uris=config["post_logout_redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    print("READY", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
