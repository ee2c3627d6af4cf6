"""What spans several apps: each use case calls the apps' own services, in order.

This layer sits above every domain app and below the faces (views, admin, commands);
see docs/architecture.md.
"""
