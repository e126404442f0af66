"""Modules generated from ../../../forms/*.ui by packaging/compile_forms.py: do not edit;
change the .ui file in Qt Designer and run the script again."""
