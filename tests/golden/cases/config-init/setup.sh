# config init writes envscan.yml from a template; a second run refuses to overwrite it
:
