"""Page text by area, so each area's pages keep their words beside them (see ``web.i18n``)."""
