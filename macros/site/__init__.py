"""The website: MkDocs hooks over pure page generators and their templates."""
