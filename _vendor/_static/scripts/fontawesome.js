/* Stub: replaces pydata-sphinx-theme's Font Awesome SVG framework (1.5 MB) in the built site.
 * The theme's icons are drawn by the vendored web-font subset, _vendor/fontawesome/
 * (tools/vendor_fontawesome.py, loaded through html_css_files in _config.yml). */
