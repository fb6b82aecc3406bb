"""zizhi's built-in plugins. Each sub-package is registered through the ``zizhi`` entry-point
group, exactly as a third-party plugin would be."""
