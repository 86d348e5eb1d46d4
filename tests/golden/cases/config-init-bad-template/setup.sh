# an unknown template
:
