"""Demo data (`manage.py load_demo`): a package above every app it fills, so that no domain app
imports it. `loading.load` is the whole demo; `publishing` and `disputes` fill their parts."""
